package io.edgeinfer.mqtt.sparkplug;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Predictions that reached the wire after their device's DDEATH (a window read just before the
 * input failed), kept for the device's next DBIRTH, after which they go out as history. At most
 * {@link #PER_DEVICE} per device, the oldest given up first. Guarded by the wire's lock.
 */
final class HeldData {
    static final int PER_DEVICE = 256;

    /** One document as the outbox gave it. */
    record Doc(String topic, byte[] json) {
    }

    private final Map<String, List<Doc>> held = new HashMap<>();

    void hold(String device, String topic, byte[] json) {
        List<Doc> h = held.computeIfAbsent(device, k -> new ArrayList<>());
        if (h.size() == PER_DEVICE) {
            h.remove(0);
        }
        h.add(new Doc(topic, json));
    }

    /** What {@code device} made while dead, oldest first; forgotten here. */
    List<Doc> take(String device) {
        List<Doc> h = held.remove(device);
        return h == null ? List.of() : h;
    }
}
