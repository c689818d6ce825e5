package io.edgeinfer.mqtt.paho;

import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.mqtt.Publisher.Message;
import io.edgeinfer.mqtt.TlsSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Paho connect options from the {@code mqtt} config: session, keep-alive, will, TLS, login. */
final class PahoOptions {
    private static final Logger LOG = LoggerFactory.getLogger(PahoOptions.class);
    /** Paho numbers in-flight messages with 16-bit ids. */
    private static final int PAHO_MAX_INFLIGHT = 65_535;

    private final MqttConfig config;
    private final SSLSocketFactory ssl;

    /** @throws GeneralSecurityException when the TLS material cannot be used (message names the file) */
    PahoOptions(MqttConfig config, String url) throws GeneralSecurityException, IOException {
        this.config = config;
        this.ssl = url.startsWith("ssl://") && config.tls() != null ? TlsSockets.factory(config.tls()) : null;
    }

    /**
     * @param cleanSession false: the broker keeps our subscriptions (commands) across drops, as the
     *     JSON API promises; true where the wire format requires it (Sparkplug B). In-flight messages
     *     are ours to resend (from the outbox) either way, which is why every connection gets a fresh
     *     Paho client.
     */
    MqttConnectOptions build(Message will, boolean cleanSession) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(config.keepaliveS());
        o.setConnectionTimeout(10);
        // Our own window (mqtt.max_inflight) is what bounds the flow; Paho's is twice as large so
        // births, and messages the broker never acknowledged (sent again, their old ids still
        // counted by Paho), do not make it refuse a publish.
        o.setMaxInflight(Math.min(PAHO_MAX_INFLIGHT, 2 * config.maxInflight()));
        o.setWill(will.topic(), will.payload(), 1, will.retained());
        if (ssl != null) {
            o.setSocketFactory(ssl);
            o.setHttpsHostnameVerificationEnabled(config.tls().verifyHostname());
        }
        if (config.auth() != null) {
            o.setUserName(config.auth().username());
            char[] password = password();
            if (password != null) {
                o.setPassword(password);
            }
        }
        return o;
    }

    private char[] password() {
        MqttConfig.Auth a = config.auth();
        try {
            if (a.passwordFile() != null) {
                String first = Files.readAllLines(a.passwordFile(), StandardCharsets.UTF_8).stream().findFirst().orElse(
                        "");
                return first.toCharArray();
            }
        } catch (IOException e) {
            LOG.warn("MQTT password file {} unreadable: {}", a.passwordFile(), e.getMessage());
            return null;
        }
        String v = a.passwordEnv() == null ? null : System.getenv(a.passwordEnv());
        return v == null ? null : v.toCharArray();
    }

    /** Why a connect failed, with the config key to look at for the usual TLS mistakes. */
    static String reason(MqttException e) {
        Throwable c = e.getCause();
        String why = e.getMessage() + (c != null && c.getMessage() != null ? " (" + c.getMessage() + ")" : "");
        if (why.contains("PKIX")) {
            return why + " - the broker's certificate is not signed by a CA in mqtt.tls.ca_file";
        }
        if (why.contains("subject alternative names") || why.contains("No name matching")) {
            return why + " - the broker's certificate does not name the host in mqtt.broker";
        }
        return why;
    }
}
