package io.edgeinfer.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** The in-process demo broker keeps no pool of direct memory for the few messages it carries. */
class EmbeddedBrokerMemoryIT {
    @Test
    void messagesThroughTheBrokerLeaveNoPooledDirectMemoryBehind() throws Exception {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        long before = direct.getMemoryUsed();
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/mem/#");
                MqttClient publisher = new MqttClient(broker.url(), "pub-" + UUID.randomUUID(),
                        new MemoryPersistence())) {
            MqttConnectOptions options = new MqttConnectOptions();
            // Paho's in-flight count can lag the blocking publish's return: with its default limit (10) this
            // tight loop of 200 once failed with "Too many publishes in progress" on a loaded machine.
            options.setMaxInflight(1000);
            publisher.connect(options);
            byte[] payload = ("{\"label\": \"normal\", \"pad\": \"" + "x".repeat(400) + "\"}").getBytes(
                    StandardCharsets.UTF_8);
            for (int i = 0; i < 200; i++) {
                publisher.publish("edgeinfer/mem/predictions", payload, 1, false);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.all().size() >= 200);
            // Netty's pooled allocator would hold a 4 MB chunk per event loop thread by now.
            assertThat(direct.getMemoryUsed() - before).isLessThan(1 << 20);
            publisher.disconnect();
        }
    }
}
