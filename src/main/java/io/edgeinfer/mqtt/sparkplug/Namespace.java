package io.edgeinfer.mqtt.sparkplug;

/** The Sparkplug topics of one edge node: {@code spBv1.0/{group}/{TYPE}/{node}[/{device}]}. */
record Namespace(String group, String node) {
    /** A node topic (NBIRTH, NDATA, NDEATH, NCMD). */
    String node(String type) {
        return "spBv1.0/" + group + "/" + type + "/" + node;
    }

    /** The topic of {@code type} for {@code s}: the node's, or its device's (DBIRTH, DDATA, DDEATH, DCMD). */
    String of(String type, Subject s) {
        return s.device == null ? node(type) : node(type) + "/" + s.device;
    }
}
