package io.edgeinfer.config;

/**
 * The MQTT connection.
 *
 * @param broker {@code embedded}, or a {@code tcp://host:port} / {@code ssl://host:port} URL
 * @param embedded where the embedded broker listens when {@code broker} is {@code embedded}
 * @param topicPrefix first topic level; all topics are {@code prefix/device_id/...}
 * @param clientId MQTT client id (stable, so a broker can keep the session)
 * @param qos QoS of predictions and telemetry
 * @param maxInflight unacknowledged QoS 1 publishes allowed at once
 * @param keepaliveS seconds of silence after which the link is considered dead
 */
public record MqttConfig(
        String broker,
        EmbeddedBroker embedded,
        String topicPrefix,
        String clientId,
        int qos,
        int maxInflight,
        int keepaliveS) {

    public static final String EMBEDDED = "embedded";

    public boolean usesEmbeddedBroker() {
        return EMBEDDED.equals(broker);
    }

    /** The in-process broker; port 0 takes a free port (tests). */
    public record EmbeddedBroker(String host, int port) {}
}
