package io.edgeinfer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.data.Quantiles;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.pipeline.InferenceObserver;
import io.edgeinfer.pipeline.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures what a model swap costs a running pipeline: every prediction's completion time is
 * recorded on the inference thread, swaps are sent as real {@code model} commands over MQTT, and the
 * gaps between consecutive predictions inside each swap (command sent to answer received, plus the
 * same length after) are compared with the gaps of equally long stretches of steady running taken
 * between the swaps, in the same run.
 */
public final class SwapBench {
    private final InferenceLoop loop;
    private final ControlClient client;
    private final long[] done = new long[2_000_000];
    private final long[] latency = new long[2_000_000];
    private volatile int n;

    /** One swap: when its command went out and its answer came back (nanoTime), and what the device measured. */
    public record Swap(long sentNanos, long answeredNanos, double loadMs, double p99Ms) {
    }

    /** Gaps and latencies of a set of stretches: max gap per stretch, and latency p99 over all of them. */
    public record Stretches(double[] maxGapMs, double medianGapMs, double p99LatencyMs, int predictions) {
    }

    public SwapBench(InferenceLoop loop, ControlClient client) {
        this.loop = loop;
        this.client = client;
        loop.addObserver(new InferenceObserver() {
            @Override
            public void inferred(Prediction p) {
                int i = n;
                if (i < done.length) {
                    done[i] = System.nanoTime();
                    latency[i] = p.totalNanos();
                    n = i + 1;
                }
            }

            @Override
            public void failed(ModelInfo model, Window w) {
                // counted by the pipeline; a swap bench with failures is reported by its gaps
            }
        });
    }

    /** Alternates the two model files {@code swaps} times, {@code pauseS} apart. */
    public List<Swap> run(Path a, Path b, int swaps, double pauseS) throws Exception {
        List<Swap> out = new ArrayList<>();
        for (int i = 0; i < swaps; i++) {
            Thread.sleep((long) (pauseS * 1000)); // steady running between swaps is what is measured
            Path file = i % 2 == 0 ? b : a;
            ObjectNode cmd = Json.mapper().createObjectNode().put("name", "bench").put("version", "v" + i)
                    .put("url", file.toUri().toString()).put("sha256", Sha256.hex(file));
            long sent = System.nanoTime();
            String id = client.send("model", cmd);
            JsonNode r = client.await(id, "model", 120_000);
            long answered = System.nanoTime();
            if (r == null || !r.path("ok").asBoolean()) {
                throw new IllegalStateException("swap " + i + " failed: " + r);
            }
            out.add(new Swap(sent, answered, r.get("validation").get("load_ms").asDouble(),
                    r.get("validation").get("p99_ms").asDouble()));
        }
        Thread.sleep((long) (pauseS * 1000));
        return out;
    }

    /** The swaps themselves: from each command to twice its duration after (the swap lands inside). */
    public Stretches during(List<Swap> swaps) {
        List<long[]> spans = new ArrayList<>();
        for (Swap s : swaps) {
            spans.add(new long[]{s.sentNanos(), s.answeredNanos() + (s.answeredNanos() - s.sentNanos())});
        }
        return measure(spans);
    }

    /** As many stretches of steady running, each as long as the swap it follows, starting half a pause after it. */
    public Stretches steady(List<Swap> swaps, double pauseS) {
        List<long[]> spans = new ArrayList<>();
        for (Swap s : swaps) {
            long len = 2 * (s.answeredNanos() - s.sentNanos());
            long start = s.answeredNanos() + len + TimeUnit.MILLISECONDS.toNanos((long) (pauseS * 250));
            spans.add(new long[]{start, start + len});
        }
        return measure(spans);
    }

    private Stretches measure(List<long[]> spans) {
        int count = n;
        double[] maxGap = new double[spans.size()];
        List<Long> gaps = new ArrayList<>();
        List<Long> lat = new ArrayList<>();
        for (int k = 0; k < spans.size(); k++) {
            long from = spans.get(k)[0];
            long to = spans.get(k)[1];
            for (int i = 1; i < count; i++) {
                if (done[i] >= from && done[i] <= to) {
                    long gap = done[i] - done[i - 1];
                    maxGap[k] = Math.max(maxGap[k], gap / 1e6);
                    gaps.add(gap);
                    lat.add(latency[i]);
                }
            }
        }
        long[] g = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] l = lat.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Stretches(maxGap, ms(g, 50), ms(l, 99), l.length);
    }

    public static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    /** A percentile of sorted nanoseconds in milliseconds; 0 for a stretch without predictions. */
    private static double ms(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : Quantiles.percentile(sorted, p) / 1e6;
    }
}
