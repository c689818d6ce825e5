package io.edgeinfer.mqtt.homeassistant;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.TlsSockets;
import io.edgeinfer.mqtt.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Takes a board out of Home Assistant: empty retained messages on every discovery config this config
 * announces (Home Assistant removes the entities, and the device with its last one) and on the
 * retained {@code status}, so neither Home Assistant nor a dashboard finds the board again. Meant for
 * a stopped daemon: a running one would announce itself again at its next connection, so a board whose
 * retained status says {@code online} is refused unless forced. A board that keeps running without
 * Home Assistant ({@code homeassistant.enabled: false}) has its configs cleared and its status kept.
 */
public final class Decommission {
    /** How long to wait for the broker to hand over the retained status after subscribing. */
    private static final long STATUS_WAIT_MS = 2000;

    private final DaemonConfig config;
    private final Topics topics;

    public Decommission(DaemonConfig config) {
        this.config = config;
        this.topics = new Topics(config.mqtt().topicPrefix(), config.deviceId());
    }

    /** The daemon said {@code online} in its retained status: it is running (or was killed without a will). */
    public static final class StillOnline extends Exception {
        StillOnline(String message) {
            super(message);
        }
    }

    /** The topics cleared, in order: every discovery config, then (unless kept) the status. */
    public List<String> topics(boolean keepStatus) {
        List<String> out = new ArrayList<>(new Discovery(config.homeAssistant(), topics, "")
                .topics(Discovery.pipelines(config, topics, p -> p.model().labels()), config.named()));
        if (!keepStatus) {
            out.add(topics.status());
        }
        return out;
    }

    /**
     * Connects to {@code url} with the config's TLS and login, checks the retained status, and clears.
     *
     * @param force clear even though the retained status says online
     * @param keepStatus clear the discovery configs only, and leave the status (a board that keeps
     *     running without Home Assistant); the status is then not checked either
     * @return the topics cleared
     * @throws MqttException the broker cannot be reached or refused us
     */
    public List<String> run(String url, boolean force, boolean keepStatus)
            throws MqttException, GeneralSecurityException, IOException, StillOnline, InterruptedException {
        MqttClient client = new MqttClient(url, config.mqtt().clientId() + "-decommission-" + UUID.randomUUID()
                .toString()
                .substring(0, 8), new MemoryPersistence());
        try {
            client.connect(options(url));
            String state = keepStatus ? null : retainedState(client);
            if ("online".equals(state) && !force) {
                throw new StillOnline("the retained status of " + config.deviceId() + " on " + url
                        + " says online: the "
                        + "daemon is running (it would announce itself again at its next connection). Stop it first, "
                        + "or clear anyway with --force");
            }
            List<String> cleared = topics(keepStatus);
            for (String t : cleared) {
                client.publish(t, new byte[0], 1, true);
            }
            return cleared;
        } finally {
            close(client);
        }
    }

    private static void close(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(5000);
            }
            client.close();
        } catch (MqttException e) {
            // Everything this client had to say was acknowledged already (QoS 1, synchronous).
        }
    }

    /** The {@code state} of the retained status, or null when there is none. */
    private String retainedState(MqttClient client) throws MqttException, InterruptedException {
        CountDownLatch got = new CountDownLatch(1);
        AtomicReference<String> state = new AtomicReference<>();
        client.subscribe(topics.status(), 0, (topic, m) -> {
            if (m.isRetained() && m.getPayload().length > 0) {
                try {
                    state.set(Json.mapper().readTree(m.getPayload()).path("state").asText(null));
                } catch (IOException e) {
                    state.set(null); // not our document: nothing to protect
                }
            }
            got.countDown();
        });
        got.await(STATUS_WAIT_MS, TimeUnit.MILLISECONDS);
        client.unsubscribe(topics.status());
        return state.get();
    }

    /** A clean session with the config's TLS and login, and no will: this client must leave nothing behind. */
    private MqttConnectOptions options(String url) throws GeneralSecurityException, IOException {
        MqttConfig m = config.mqtt();
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(m.keepaliveS());
        if (url.startsWith("ssl://") && m.tls() != null) {
            o.setSocketFactory(TlsSockets.factory(m.tls()));
            o.setHttpsHostnameVerificationEnabled(m.tls().verifyHostname());
        }
        if (m.auth() != null) {
            o.setUserName(m.auth().username());
            if (m.auth().passwordFile() != null) {
                o.setPassword(Files.readAllLines(m.auth().passwordFile(), StandardCharsets.UTF_8).stream().findFirst()
                        .orElse("").toCharArray());
            } else if (m.auth().passwordEnv() != null && System.getenv(m.auth().passwordEnv()) != null) {
                o.setPassword(System.getenv(m.auth().passwordEnv()).toCharArray());
            }
        }
        return o;
    }
}
