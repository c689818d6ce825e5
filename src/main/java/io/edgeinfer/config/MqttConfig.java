package io.edgeinfer.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The MQTT connection.
 *
 * @param broker {@code embedded}, or a {@code tcp://host:port} / {@code ssl://host:port} URL
 * @param embedded where the embedded broker listens when {@code broker} is {@code embedded}
 * @param topicPrefix first topic level; all topics are {@code prefix/device_id/...}
 * @param clientId MQTT client id, stable so the broker keeps the session (clean session off)
 * @param qos QoS of predictions and telemetry
 * @param maxInflight unacknowledged QoS 1 publishes allowed at once; more waits (back-pressure)
 * @param keepaliveS seconds of silence after which the link is considered dead
 * @param reconnect backoff between connection attempts
 * @param replayRatePerS ceiling on backlog messages per second after an outage (live goes first)
 * @param tls certificates for {@code ssl://}; null for {@code tcp://}
 * @param auth username and where the password comes from; null for anonymous
 * @param format {@code json} (docs/mqtt-api.md) or {@code sparkplug} (Sparkplug B)
 * @param sparkplug Sparkplug B namespace, used when {@code format} is {@code sparkplug}
 */
public record MqttConfig(
        String broker,
        EmbeddedBroker embedded,
        String topicPrefix,
        String clientId,
        int qos,
        int maxInflight,
        int keepaliveS,
        Reconnect reconnect,
        int replayRatePerS,
        Tls tls,
        Auth auth,
        String format,
        Sparkplug sparkplug) {

    public static final String EMBEDDED = "embedded";
    public static final String JSON = "json";
    public static final String SPARKPLUG = "sparkplug";

    public boolean usesEmbeddedBroker() {
        return EMBEDDED.equals(broker);
    }

    /** Settings as the core pipeline needs them (tests, benchmarks): plain TCP, JSON, every other key at its default. */
    public static MqttConfig plain(String broker, String topicPrefix, String clientId) {
        return Defaults.read("mqtt", Map.of("broker", broker, "topic_prefix", topicPrefix, "client_id", clientId),
                s -> new MqttConfigReader(Path.of(""), Map.of()).read(s, null));
    }

    /** The in-process broker; port 0 takes a free port (tests). */
    public record EmbeddedBroker(String host, int port) {
    }

    /** Jittered exponential backoff bounds, milliseconds. */
    public record Reconnect(int minMs, int maxMs) {
    }

    /**
     * TLS material, PEM files.
     *
     * @param caFile certificates to trust (the broker's CA)
     * @param certFile client certificate (mutual TLS), or null
     * @param keyFile the client certificate's PKCS#8 private key, or null
     * @param verifyHostname check the broker's name against its certificate (on by default)
     */
    public record Tls(Path caFile, Path certFile, Path keyFile, boolean verifyHostname) {
    }

    /**
     * @param username MQTT user name
     * @param passwordFile file holding the password (first line), or null
     * @param passwordEnv environment variable holding the password, or null
     */
    public record Auth(String username, Path passwordFile, String passwordEnv) {
    }

    /**
     * Sparkplug B: topic namespace {@code spBv1.0/{groupId}/NDATA/{edgeNodeId}}, the primary host
     * to wait for, and the QoS of births and data.
     *
     * @param primaryHostId the host application whose STATE gates births (and whose absence holds data
     *     in the outbox), or null for none
     * @param dataQos 0 (the specification's) or 1 (at least once through the outbox: outside the specification)
     */
    public record Sparkplug(String groupId, String edgeNodeId, String primaryHostId, int dataQos) {
        /** Group and node, no primary host, QoS 0. */
        public Sparkplug(String groupId, String edgeNodeId) {
            this(groupId, edgeNodeId, null, 0);
        }
    }
}
