package io.edgeinfer.control.fleet;

/**
 * The fleet's topics (docs/fleet.md, "Topics"). They live under {@code {prefix}/_fleet/}: a device
 * id cannot start with {@code _}, so no device's own topics ({@code {prefix}/{device_id}/...}) can
 * ever meet them. A group name follows the rules of a device id, and a device id is a group too (the
 * device's own).
 */
public record FleetTopics(String prefix) {
    static final String ROOT = "_fleet";

    /** The retained desired state of {@code group}. */
    public String desired(String group) {
        return group(group) + "/desired";
    }

    /** The retained report of {@code device} on its part in {@code group}'s rollouts. */
    public String report(String group, String device) {
        return group(group) + "/report/" + device;
    }

    /** Every report of {@code group}. */
    public String reports(String group) {
        return group(group) + "/report/+";
    }

    /** One retained piece of a model sent inline to {@code group}. */
    public String chunk(String group, String sha256, int index) {
        return chunks(group, sha256) + index;
    }

    /** The prefix of a model's chunk topics; {@code + "+"} subscribes to all of them. */
    public String chunks(String group, String sha256) {
        return group(group) + "/model/" + sha256 + "/";
    }

    /** The device's retained {@code status} (online, offline), docs/mqtt-api.md. */
    public String status(String device) {
        return prefix + "/" + device + "/status";
    }

    /** The device named by a report topic, or null when {@code topic} is not one of {@code group}'s reports. */
    public String reportDevice(String group, String topic) {
        String head = group(group) + "/report/";
        return topic.startsWith(head) && topic.length() > head.length() ? topic.substring(head.length()) : null;
    }

    private String group(String group) {
        return prefix + "/" + ROOT + "/" + group;
    }
}
