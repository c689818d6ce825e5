package io.edgeinfer.mqtt;

/** The topic tree of one device: everything lives under {@code prefix/device_id/}. */
public record Topics(String prefix, String deviceId) {
    public String base() {
        return prefix + "/" + deviceId;
    }

    public String status() {
        return base() + "/status";
    }

    public String predictions() {
        return base() + "/predictions";
    }

    public String telemetry() {
        return base() + "/telemetry";
    }
}
