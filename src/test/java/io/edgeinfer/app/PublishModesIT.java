package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.LiveBroker;
import io.edgeinfer.mqtt.PredictionSchema;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The publishing modes in a whole daemon (simulated sensor, real model, real broker and subscriber):
 * every message fits the documented schema, and the messages account for every {@code seq} up to
 * the last one inferred before a clean stop, each either published or counted as suppressed.
 */
class PublishModesIT {
    private static final String TOPIC = "edgeinfer/%s/predictions";

    @RegisterExtension
    final LiveBroker live = new LiveBroker("edgeinfer/#");

    private final PredictionSchema schema = new PredictionSchema();

    /** Runs the test daemon (12.5 windows/s, each state 2.5 s) with {@code publish} until {@code enough}, then stops it. */
    private long run(String device, String publish, int enough) throws Exception {
        Daemon daemon = Daemon.start(TestConfigs.parse(TestConfigs.yaml(live.url(), device) + publish), Clock
                .systemUTC());
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> live.probe().on(TOPIC.formatted(device))
                    .size() >= enough);
        } finally {
            daemon.close();
        }
        long inferred = daemon.inferencesTotal();
        await().atMost(Duration.ofSeconds(10)).until(() -> lastSeq(live.probe().on(TOPIC.formatted(device))) == inferred
                - 1);
        return inferred;
    }

    private static long lastSeq(List<JsonNode> messages) {
        if (messages.isEmpty()) {
            return -1;
        }
        JsonNode m = messages.get(messages.size() - 1);
        return m.has("batch")
                ? m.get("predictions").get(m.get("predictions").size() - 1).get("seq").asLong()
                : m.get("seq").asLong();
    }

    @Test
    void batchesCarryEveryPredictionInOrderAndTheLastOneGoesOutAtAStop() throws Exception {
        long inferred = run("batch-1", "publish: {mode: batch, max_batch: 10, linger_ms: 2000}\n", 5);
        List<JsonNode> batches = live.probe().on(TOPIC.formatted("batch-1"));
        List<Long> seqs = new ArrayList<>();
        for (JsonNode b : batches) {
            assertThat(schema.violations(b)).as("schema").isEmpty();
            assertThat(b.get("batch").asBoolean()).isTrue();
            assertThat(b.get("predictions").size()).isBetween(1, 10);
            b.get("predictions").forEach(p -> seqs.add(p.get("seq").asLong()));
        }
        assertThat(batches.stream().filter(b -> b.get("predictions").size() == 10).count())
                .as("12.5 windows/s fill batches of 10 before their linger").isGreaterThanOrEqualTo(4);
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < inferred; i++) {
            expected.add(i);
        }
        assertThat(seqs).as("every prediction, once, in order, the last batch included").isEqualTo(expected);
    }

    @Test
    void onChangePublishesStateChangesAndHeartbeatsAndCountsTheRest() throws Exception {
        // Two scenario cycles: 8 state changes, and a heartbeat every second in each 2.5 s state.
        long inferred = run("change-1", "publish: {mode: on_change, deadband: 0.5, heartbeat_s: 1}\n", 24);
        List<JsonNode> messages = live.probe().on(TOPIC.formatted("change-1"));
        long previous = -1;
        long suppressed = 0;
        String label = null;
        int changes = 0;
        for (JsonNode m : messages) {
            assertThat(schema.violations(m)).as("schema").isEmpty();
            long seq = m.get("seq").asLong();
            assertThat(seq - previous - 1 - m.get("suppressed").asLong()).as("lost before seq %d", seq).isZero();
            suppressed += m.get("suppressed").asLong();
            changes += label != null && !label.equals(m.get("label").asText()) ? 1 : 0;
            label = m.get("label").asText();
            previous = seq;
        }
        assertThat(messages.size() + suppressed).as("published + suppressed = inferred").isEqualTo(inferred);
        assertThat(messages.size()).as("far fewer messages than windows").isLessThan((int) (inferred / 3));
        assertThat(changes).as("the scenario's state changes are reported").isGreaterThanOrEqualTo(6);
    }
}
