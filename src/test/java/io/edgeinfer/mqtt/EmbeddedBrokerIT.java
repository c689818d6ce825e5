package io.edgeinfer.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The embedded broker's door: how large a message it takes, and how it says no. */
class EmbeddedBrokerIT {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME); // clash: Logback's Logger

    @BeforeEach
    void listen() {
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        root.detachAppender(log);
    }

    private static MqttClient client(String url) throws MqttException {
        MqttClient c = new MqttClient(url, "sender-" + UUID.randomUUID(), new MemoryPersistence());
        c.connect();
        return c;
    }

    /** A JSON command of exactly {@code size} bytes, as a probe can parse it. */
    private static byte[] command(int size) {
        String head = "{\"pad\":\"";
        return (head + "x".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageOverTheLimitIsRefusedInOneLogLineAndOthersCarryOn() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "t/#")) {
            MqttClient sender = client(broker.url());
            assertThatThrownBy(() -> sender.publish("t/dev/cmd/model", command(5 << 20), 1, false))
                    .isInstanceOf(MqttException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !sender.isConnected());
            sender.close();

            await().atMost(Duration.ofSeconds(10)).until(() -> log.list.stream().anyMatch(e -> e.getFormattedMessage()
                    .contains("refused")));
            assertThat(log.list).as("no stack trace, no error: one line")
                    .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull())
                    .filteredOn(e -> e.getFormattedMessage().contains("refused")).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("control.max_command_bytes", "5242"));
            assertThat(probe.isConnected()).as("other clients keep their connection").isTrue();
        }
    }

    @Test
    void whenCloseReturnsThePortIsFreeForTheNextBroker() throws Exception {
        EmbeddedBroker first = new EmbeddedBroker("127.0.0.1", 0);
        int port = first.port();
        first.close();
        try (EmbeddedBroker second = new EmbeddedBroker("127.0.0.1", port);
                MqttProbe probe = new MqttProbe(second.url(), "t/#")) {
            MqttClient sender = client(second.url());
            sender.publish("t/dev/cmd/status", command(100), 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("t/dev/cmd/status").size() == 1);
            sender.disconnect();
            sender.close();
        }
    }

    @Test
    void theLimitIsTheLargestCommandTheDeviceTakes() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0, 4096);
                MqttProbe probe = new MqttProbe(broker.url(), "t/#")) {
            MqttClient sender = client(broker.url());
            sender.publish("t/dev/cmd/status", command(4096), 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("t/dev/cmd/status").size() == 1);
            assertThatThrownBy(() -> sender.publish("t/dev/cmd/status", command(4096 + 65_540), 1, false))
                    .isInstanceOf(MqttException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.list.stream().anyMatch(e -> e.getFormattedMessage()
                    .contains("refused")));
            sender.close(true);
        }
    }
}
