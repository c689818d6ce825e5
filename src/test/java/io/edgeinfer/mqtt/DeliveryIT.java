package io.edgeinfer.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.app.Daemon;
import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.OutboxConfig;
import io.edgeinfer.outbox.SqliteOutbox;
import io.edgeinfer.outbox.Tmpfs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The delivery promise against real brokers that go away: every prediction arrives, in order,
 * duplicates only where flagged replayed.
 */
class DeliveryIT {
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Daemon start(String broker, String device, String extraMqtt) throws Exception {
        return Daemon.start(TestConfigs.parse(TestConfigs.fastYaml(broker, device,
                dir.resolve(device + "-outbox.db").toString(), extraMqtt)), Clock.systemUTC());
    }

    /** Waits until everything the daemon produced is acknowledged, stops it, and audits what arrived. */
    private SeqAudit finish(Daemon daemon, MqttProbe probe, String device) {
        // Caught up: the backlog is sent and only the live trickle is in flight.
        await().atMost(Duration.ofSeconds(60)).until(() -> daemon.sender().deliveryStats().backlogDone() && daemon
                .outbox().stats().depth() < 200);
        daemon.close();
        assertThat(daemon.outbox().stats().depth()).as("a clean stop delivers what is left").isZero();
        long made = daemon.stats().inferencesTotal();
        String topic = "edgeinfer/" + device + "/predictions";
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.on(topic).stream()
                    .filter(p -> p.get("boot_id").asText().equals(daemon.bootId()))
                    .map(p -> p.get("seq").asLong()).distinct().count() >= made);
        } catch (ConditionTimeoutException e) {
            // Fall through: the audit below names what is missing.
        }
        SeqAudit audit = new SeqAudit(probe.received(topic));
        assertThat(audit.problems()).as("delivery problems").isEmpty();
        assertThat(audit.distinct(daemon.bootId())).isEqualTo((int) made);
        return audit;
    }

    @Test
    void whenMosquittoRestartsThenNoPredictionIsLost() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir.resolve("mosquitto")).start();
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/d-mosq/predictions", "probe-d-mosq")) {
            Daemon daemon = start(broker.url(), "d-mosq", "");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.all().size() >= 200);
                broker.stop();
                long before = daemon.stats().inferencesTotal();
                Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a synchronisation
                assertThat(daemon.sender().isConnected()).isFalse();
                assertThat(daemon.stats().inferencesTotal() - before).as("kept inferring while the broker was down")
                        .isGreaterThan(1000);
                broker.start();
                SeqAudit audit = finish(daemon, probe, "d-mosq");
                assertThat(audit.replayedCopies()).isGreaterThan(1000);
            } finally {
                daemon.close();
            }
        }
    }

    @Test
    void whenTheEmbeddedBrokerRestartsThenNoPredictionIsLost() throws Exception {
        // Moquette keeps no sessions across a restart, so the witness is the broker itself: every
        // message either broker instance accepted, seen by an interceptor before any subscriber.
        int port = Mosquitto.freePort();
        List<MqttProbe.Received> accepted = new CopyOnWriteArrayList<>();
        BiConsumer<String, byte[]> witness = (topic, payload) -> {
            if (topic.endsWith("/predictions")) {
                try {
                    accepted.add(new MqttProbe.Received(topic, Json.mapper().readTree(payload), false, false));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", port);
        broker.onPublish(witness);
        Daemon daemon = start(broker.url(), "d-moq", "");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 200);
            broker.close();
            Thread.sleep(OUTAGE.toMillis()); // the outage itself
            broker = new EmbeddedBroker("127.0.0.1", port);
            broker.onPublish(witness);
            await().atMost(Duration.ofSeconds(60)).until(() -> daemon.sender().deliveryStats().backlogDone() && daemon
                    .outbox().stats().depth() < 200);
            daemon.close();
            assertThat(daemon.outbox().stats().depth()).isZero();
            long made = daemon.stats().inferencesTotal();
            await().atMost(Duration.ofSeconds(10)).until(() -> new SeqAudit(accepted).distinct(daemon
                    .bootId()) >= made);
            SeqAudit audit = new SeqAudit(accepted);
            assertThat(audit.problems()).isEmpty();
            assertThat(audit.distinct(daemon.bootId())).isEqualTo((int) made);
            assertThat(audit.replayedCopies()).isGreaterThan(1000);
        } finally {
            daemon.close();
            broker.close();
        }
    }

    @Test
    void whenTheBrokerIsDownAtStartTheDaemonBuffersAndDeliversLater() throws Exception {
        Mosquitto broker = new Mosquitto(dir.resolve("mosquitto"));
        // Create the subscriber's persistent session first, as a plant's historian would have.
        broker.start();
        new MqttProbe(broker.url(), "edgeinfer/d-first/predictions", "probe-d-first").close();
        broker.stop();

        Daemon daemon = start(broker.url(), "d-first", "");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> daemon.stats().inferencesTotal() >= 400);
            assertThat(daemon.sender().isConnected()).isFalse();
            broker.start();
            try (MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/d-first/predictions", "probe-d-first")) {
                SeqAudit audit = finish(daemon, probe, "d-first");
                TreeMapCheck.firstSeqIsZero(audit, daemon.bootId());
            }
        } finally {
            daemon.close();
            broker.close();
        }
    }

    @Test
    void whenTheOutboxIsFullTheOldestAreDroppedCountedAndTheDaemonRuns() throws Exception {
        Mosquitto broker = new Mosquitto(dir.resolve("mosquitto"));
        broker.start();
        new MqttProbe(broker.url(), "edgeinfer/d-full/#", "probe-d-full").close();
        broker.stop();
        String yaml = TestConfigs.fastYaml(broker.url(), "d-full", dir.resolve("full.db").toString(), "")
                .replace("commit_interval_ms: 10}", "commit_interval_ms: 10, max_messages: 100}");
        Daemon daemon = Daemon.start(TestConfigs.parse(yaml), Clock.systemUTC());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> daemon.outbox().stats().droppedTotal() >= 300);
            assertThat(daemon.outbox().stats().depth()).isLessThanOrEqualTo(100 + 64);
            broker.start();
            try (MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/d-full/#", "probe-d-full")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> daemon.sender().deliveryStats().backlogDone());
                await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("edgeinfer/d-full/telemetry").stream()
                        .anyMatch(t -> t.get("outbox_dropped_total").asLong() >= 300));
                List<JsonNode> preds = probe.on("edgeinfer/d-full/predictions");
                List<Long> replayed = preds.stream().filter(p -> p.path("replayed").asBoolean()).map(p -> p.get("seq")
                        .asLong()).toList();
                // The survivors are the newest: one contiguous run ending where live delivery took over.
                assertThat(replayed).isNotEmpty().isSorted();
                assertThat(replayed.get(0)).isGreaterThanOrEqualTo(300);
                assertThat(replayed.get(replayed.size() - 1) - replayed.get(0) + 1).isEqualTo(replayed.size());
                assertThat(daemon.fatal()).isNotDone();
            }
        } finally {
            daemon.close();
            broker.close();
        }
    }

    @Test
    void aDamagedOutboxIsReportedAndTheDaemonStarts() throws Exception {
        Path db = dir.resolve("d-corrupt-outbox.db");
        try (SqliteOutbox o = SqliteOutbox.open(new OutboxConfig(true, db, 1_000_000, 1L << 30, 86_400, 5), Clock
                .systemUTC())) {
            o.start();
            for (int i = 0; i < 2000; i++) {
                o.append("edgeinfer/d-corrupt/predictions", ("{\"pad\":\"" + "x".repeat(200) + "\"}").getBytes());
            }
        }
        // A torn write: a run of pages in the middle of the file is gone.
        try (RandomAccessFile raf = new RandomAccessFile(db.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            raf.write(new byte[(int) (raf.length() / 4)]);
        }
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/d-corrupt/#")) {
            Daemon daemon = start(broker.url(), "d-corrupt", "");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> !probe.on("edgeinfer/d-corrupt/predictions")
                        .isEmpty());
                JsonNode status = probe.on("edgeinfer/d-corrupt/status").get(0);
                JsonNode rec = status.get("outbox_recovery");
                assertThat(rec).as("status says what start-up found: %s", status).isNotNull();
                assertThat(rec.get("recovered").asLong()).isBetween(1L, 1999L);
                assertThat(Path.of(rec.get("moved_to").asText())).exists();
                assertThat(rec.get("error").asText()).isNotBlank();
            } finally {
                daemon.close();
            }
        }
    }

    @Test
    void whenTheOutboxDiskIsFullTheDaemonSaysSoOnceDeliversEverythingAndIsDurableAgainOnceThereIsRoom()
            throws Exception {
        Logger outboxLog = (Logger) LoggerFactory.getLogger("io.edgeinfer.outbox");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        outboxLog.addAppender(log);
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "64k");
                EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
                MqttProbe probe = new MqttProbe(broker.url(), "edgeinfer/d-full-disk/#")) {
            String yaml = TestConfigs.fastYaml(broker.url(), "d-full-disk", disk.dir().resolve("outbox.db").toString(),
                    "")
                    + "control: {state_dir: \"" + dir.resolve("state") + "\"}\n";
            Daemon daemon = Daemon.start(TestConfigs.parse(yaml), Clock.systemUTC());
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> probe.on("edgeinfer/d-full-disk/telemetry").stream()
                        .anyMatch(t -> t.path("outbox_mode").asText().equals("memory")
                                && t.path("outbox_mode_reason").asText().equals("disk full")));
                await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("edgeinfer/d-full-disk/status").stream()
                        .anyMatch(s -> s.path("outbox_mode").asText().equals("memory")));

                disk.resize("8m");
                await().atMost(Duration.ofSeconds(30)).until(() -> daemon.outbox().stats().mode().equals("durable"));
                await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("edgeinfer/d-full-disk/status").stream()
                        .reduce((a, b) -> b).map(s -> s.path("outbox_mode").asText().equals("durable")).orElse(false));
                finish(daemon, probe, "d-full-disk");
            } finally {
                daemon.close();
            }
        } finally {
            outboxLog.detachAppender(log);
        }
        assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).as("said once, not per message")
                .singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).contains("disk full"));
    }

    @Test
    void anOutboxPathAtAFileThatIsNotAnOutboxIsAConfigErrorAndTheFileIsLeftAlone() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0)) {
            String yaml = TestConfigs.fastYaml(broker.url(), "d-passwd", passwd.toString(), "");
            assertThatThrownBy(() -> Daemon.start(TestConfigs.parse(yaml), Clock.systemUTC()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("outbox.path")
                    .hasMessageContaining("is not an edgeinfer outbox");
        }
        assertThat(Files.readString(passwd)).isEqualTo("root:x:0:0:root:/root:/bin/bash\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("passwd");
        }
    }

    /** Small checks on an audit. */
    static final class TreeMapCheck {
        static void firstSeqIsZero(SeqAudit audit, String boot) {
            assertThat(audit.byBoot().get(boot).firstKey()).isZero();
            assertThat(audit.byBoot().get(boot).firstEntry().getValue()).as("sent from the backlog: flagged").contains(
                    true);
        }
    }
}
