package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.mqtt.LiveBroker;
import io.edgeinfer.mqtt.MqttProbe;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The model loads beside the broker, the outbox and the input, but a model that fails its check
 * still stops the start before anything is published.
 */
class StartOrderIT {
    @RegisterExtension
    final LiveBroker live = new LiveBroker("edgeinfer/#");

    @Test
    void aModelThatFailsItsCheckStopsTheStartBeforeAnythingIsPublished() throws Exception {
        DaemonConfig config = TestConfigs.parse(TestConfigs.yaml(live.url(), "it-bad")
                .replace("labels: [normal, imbalance, misalignment, bearing_fault]", "labels: [a, b, c]"));
        assertThatThrownBy(() -> Daemon.start(config, Clock.systemUTC()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("4 outputs but 3 labels");
        // Whatever the daemon published reached the broker before its start gave up (a started sender
        // says offline and waits for it on close), so it reaches the probe before this marker does.
        try (MqttClient marker = new MqttClient(live.url(), "marker-" + UUID.randomUUID(), new MemoryPersistence())) {
            marker.connect();
            marker.publish("edgeinfer/marker", "{\"marker\": true}".getBytes(StandardCharsets.UTF_8), 1, false);
            marker.disconnect();
        }
        MqttProbe probe = live.probe();
        await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on("edgeinfer/marker").isEmpty());
        assertThat(probe.all()).extracting(MqttProbe.Received::topic).containsExactly("edgeinfer/marker");
    }
}
