package io.edgeinfer.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineRecorderTest {
    private final PipelineRecorder recorder = new PipelineRecorder();

    private void record(long seq, String label, long latencyMicros, String sha) {
        recorder.record(new Observation(seq, seq, 1000 * seq, label, 1.0, Map.of(label, 1.0), new int[]{1, 1},
                new float[]{0}, Set.of(), null, latencyMicros * 1000, latencyMicros * 500, "m", sha.substring(0, 1),
                sha));
    }

    @Test
    void consecutiveLabelsMergeIntoRunsOldestFirst() {
        String sha = "a".repeat(64);
        for (String l : List.of("normal", "normal", "normal", "imbalance", "imbalance", "normal")) {
            record(recorder.recorded(), l, 100, sha);
        }
        List<PipelineRecorder.Run> t = recorder.snapshot().timeline();
        assertThat(t).extracting(PipelineRecorder.Run::label).containsExactly("normal", "imbalance", "normal");
        assertThat(t).extracting(PipelineRecorder.Run::count).containsExactly(3L, 2L, 1L);
        assertThat(t.get(0).fromMs()).isEqualTo(0);
        assertThat(t.get(0).toMs()).isEqualTo(2000);
    }

    @Test
    void theTimelineKeepsTheLastRuns() {
        String sha = "a".repeat(64);
        for (int i = 0; i < PipelineRecorder.RUNS * 2 + 3; i++) {
            record(i, i % 2 == 0 ? "a" : "b", 100, sha);
        }
        List<PipelineRecorder.Run> t = recorder.snapshot().timeline();
        assertThat(t).hasSize(PipelineRecorder.RUNS + 1);
        assertThat(t.get(t.size() - 1).fromMs()).isEqualTo(1000L * (PipelineRecorder.RUNS * 2 + 2));
        for (int i = 1; i < t.size(); i++) {
            assertThat(t.get(i).fromMs()).isGreaterThan(t.get(i - 1).fromMs());
        }
    }

    @Test
    void latencyPercentilesAreNearestRankOverTheLastPredictions() {
        String sha = "a".repeat(64);
        assertThat(recorder.snapshot().latency().p99Ms()).isNull();
        for (int i = 1; i <= 100; i++) {
            record(i, "x", i * 1000, sha); // 1 ms .. 100 ms
        }
        PipelineRecorder.Latency l = recorder.snapshot().latency();
        assertThat(l.samples()).isEqualTo(100);
        assertThat(l.p50Ms()).isEqualTo(50.0);
        assertThat(l.p99Ms()).isEqualTo(99.0);
        assertThat(l.inferenceP99Ms()).isEqualTo(49.5);
        for (int i = 0; i < PipelineRecorder.LATENCIES; i++) {
            record(200 + i, "x", 2000, sha);
        }
        assertThat(recorder.snapshot().latency().p99Ms()).as("only the last %d count", PipelineRecorder.LATENCIES)
                .isEqualTo(2.0);
    }

    @Test
    void aChangeOfModelBetweenTwoPredictionsIsASwap() {
        record(0, "x", 100, "a".repeat(64));
        record(1, "x", 100, "a".repeat(64));
        record(2, "x", 100, "b".repeat(64));
        record(3, "x", 100, "a".repeat(64));
        List<PipelineRecorder.Swap> swaps = recorder.snapshot().swaps();
        assertThat(swaps).hasSize(2);
        assertThat(swaps.get(0).fromSha256()).startsWith("a");
        assertThat(swaps.get(0).toSha256()).startsWith("b");
        assertThat(swaps.get(0).tsMs()).isEqualTo(2000);
        assertThat(swaps.get(1).toVersion()).isEqualTo("a");
    }

    @Test
    void failuresAreCountedWithTheTimeOfTheLast() {
        assertThat(recorder.snapshot().lastFailureMs()).isNull();
        recorder.failed(5000);
        recorder.failed(7000);
        assertThat(recorder.snapshot().failed()).isEqualTo(2);
        assertThat(recorder.snapshot().lastFailureMs()).isEqualTo(7000);
    }
}
