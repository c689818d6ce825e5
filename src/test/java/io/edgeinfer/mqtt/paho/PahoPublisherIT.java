package io.edgeinfer.mqtt.paho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.config.OutboxConfig;
import io.edgeinfer.mqtt.LiveBroker;
import io.edgeinfer.mqtt.Publisher.Message;
import io.edgeinfer.mqtt.WireFormat;
import io.edgeinfer.outbox.ManualClock;
import io.edgeinfer.outbox.MemoryOutbox;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.outbox.SqliteOutbox;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Paho publisher against a real broker: what it does when the broker loses a message, and how it stops. */
class PahoPublisherIT {
    private static final String PREDICTIONS = "t/dev/predictions";
    private static final Message OFFLINE = new Message("t/dev/status", "{\"state\":\"offline\"}".getBytes(
            StandardCharsets.UTF_8), true);
    private static final Message ONLINE = new Message("t/dev/status", "{\"state\":\"online\"}".getBytes(
            StandardCharsets.UTF_8), true);

    @RegisterExtension
    final LiveBroker broker = new LiveBroker("t/#");

    @TempDir
    Path dir;

    /** The test moves it: resends are due by this clock, and a stop's deadline is on it too. */
    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private PahoPublisher publisher;
    private Outbox outbox;

    private PahoPublisher start(String url, Outbox o) throws Exception {
        outbox = o;
        outbox.start();
        publisher = new PahoPublisher(MqttConfig.plain(url, "t", "dev"), url, outbox, WireFormat.JSON, OFFLINE,
                () -> ONLINE, clock);
        publisher.start();
        await().atMost(Duration.ofSeconds(20)).until(publisher::isConnected);
        return publisher;
    }

    @AfterEach
    void stop() {
        if (publisher != null) {
            publisher.close(null, 0);
        }
        if (outbox != null) {
            outbox.close();
        }
    }

    private static byte[] prediction(int seq) {
        return ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
    }

    private List<Long> seqsArrived(boolean replayed) {
        return broker.probe().received(PREDICTIONS).stream()
                .filter(m -> m.json().path("replayed").asBoolean(false) == replayed)
                .map(m -> m.json().get("seq").asLong()).toList();
    }

    @Test
    void aPublishTheBrokerNeverAcknowledgesIsSentAgainWhileTheLinkStaysUp() throws Exception {
        AtomicBoolean once = new AtomicBoolean();
        try (LossyLink link = new LossyLink(URI.create(broker.url()).getPort(), (topic, payload) -> topic.equals(
                PREDICTIONS)
                && new String(payload, StandardCharsets.UTF_8).contains("\"seq\":3") && once.compareAndSet(false,
                        true))) {
            PahoPublisher p = start(link.url(), new MemoryOutbox(clock, 1000));
            for (int i = 0; i < 10; i++) {
                outbox.append(PREDICTIONS, prediction(i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> seqsArrived(false).size() == 9);
            assertThat(link.lost()).isEqualTo(1);
            assertThat(seqsArrived(false)).doesNotContain(3L);
            assertThat(outbox.stats().depth()).as("the lost one waits in the outbox").isEqualTo(1);
            assertThat(p.isConnected()).isTrue();

            clock.advance(PahoPublisher.resendAfterMs(MqttConfig.plain(link.url(), "t", "dev")) + 1000);

            await().atMost(Duration.ofSeconds(20)).until(() -> seqsArrived(true).contains(3L));
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.stats().depth() == 0);
            assertThat(p.deliveryStats().resentTotal()).isEqualTo(1);
            assertThat(p.deliveryStats().deliveredTotal()).isEqualTo(10);
            assertThat(p.isConnected()).as("sent again on the same connection").isTrue();
        }
    }

    @Test
    void aStopWithNothingPendingReturnsAtOnceAndLeavesTheOutboxEmpty() throws Exception {
        // The clock stands still, so a stop that waited for its deadline would never return, and
        // the outbox's acknowledgement batching never becomes due by time.
        OutboxConfig c = new OutboxConfig(true, dir.resolve("outbox.db"), 1_000_000, 1L << 30, 86_400, 5);
        PahoPublisher p = start(broker.url(), SqliteOutbox.open(c, clock));
        for (int i = 0; i < 5; i++) {
            outbox.append(PREDICTIONS, prediction(i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> p.deliveryStats().deliveredTotal() == 5);

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> p.close(OFFLINE, Duration.ofHours(1).toMillis()));

        assertThat(outbox.stats().depth()).as("acknowledged messages are forgotten by the stop").isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.probe().on("t/dev/status").stream()
                .anyMatch(s -> s.get("state").asText().equals("offline")));
    }
}
