package io.edgeinfer.mqtt;

/** The topic tree of one device: everything lives under {@code prefix/device_id/}. */
public record Topics(String prefix, String deviceId) {
    private static final String ANOMALY = "/anomaly";

    public String base() {
        return prefix + "/" + deviceId;
    }

    public String status() {
        return base() + "/status";
    }

    public String predictions() {
        return base() + "/predictions";
    }

    /**
     * Where a pipeline's predictions go: a daemon configured with a {@code pipelines:} list addresses
     * each pipeline ({@code .../pipelines/ID/predictions}), so a subscriber tells them apart by topic;
     * a single-pipeline config keeps MQTT API v1's {@code .../predictions}.
     *
     * @param named whether the config lists its pipelines by id
     */
    public String predictions(String pipeline, boolean named) {
        return named ? pipeline(pipeline) + "/predictions" : predictions();
    }

    /** The topic level under which one pipeline's own topics live. */
    public String pipeline(String id) {
        return base() + "/pipelines/" + id;
    }

    /**
     * Where a pipeline's anomaly alarm is raised and cleared (retained): beside its predictions, so
     * {@code .../anomaly} for a single-pipeline config and {@code .../pipelines/ID/anomaly} otherwise.
     */
    public String anomaly(String pipeline, boolean named) {
        return named ? pipeline(pipeline) + ANOMALY : base() + ANOMALY;
    }

    /**
     * Whether a document from the outbox on {@code topic} is published retained: the anomaly events
     * are (a subscriber arriving later reads the alarm's state); predictions, telemetry and command
     * answers are not.
     */
    public static boolean isRetainedDocument(String topic) {
        return topic.endsWith(ANOMALY);
    }

    public String telemetry() {
        return base() + "/telemetry";
    }
}
