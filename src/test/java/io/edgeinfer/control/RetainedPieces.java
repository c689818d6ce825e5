package io.edgeinfer.control;

import static org.awaitility.Awaitility.await;

import io.edgeinfer.control.fleet.FleetTopics;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** What the broker keeps retained of a group's model pieces, as a new subscriber finds it. */
final class RetainedPieces {
    private static final FleetTopics TOPICS = new FleetTopics("edgeinfer");

    private RetainedPieces() {
    }

    /**
     * The retained pieces of the model {@code sha256}: size by index. The broker delivers the retained
     * messages of a connection's subscriptions in the order it subscribed, so once the group's
     * retained desired state (subscribed second) arrived, every retained piece has.
     */
    static Map<Integer, Integer> of(String brokerUrl, String group, String sha256) throws Exception {
        Map<Integer, Integer> pieces = new ConcurrentHashMap<>();
        AtomicBoolean desired = new AtomicBoolean();
        String prefix = TOPICS.chunks(group, sha256);
        MqttClient c = new MqttClient(brokerUrl, "pieces-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        c.connect(o);
        try {
            c.subscribe(prefix + "+", 1, (topic, m) -> pieces.put(Integer.parseInt(topic.substring(prefix.length())),
                    m.getPayload().length));
            c.subscribe(TOPICS.desired(group), 1, (topic, m) -> desired.set(true));
            await().atMost(Duration.ofSeconds(10)).untilTrue(desired);
            return new TreeMap<>(pieces);
        } finally {
            c.disconnect();
            c.close();
        }
    }
}
