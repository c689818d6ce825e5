package io.edgeinfer.bench;

import io.edgeinfer.capture.PipelineCapture;
import io.edgeinfer.pipeline.InferenceLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * What capture costs the predictions (docs/capture.md): the daemon runs at a fixed window rate
 * while rounds alternate between capture off (its observer taken off the inference loop) and on,
 * keeping every window, in one process; each prediction's latency is counted in the condition it fell
 * in. Rounds run in ABBA order so a drift over the run falls on both conditions alike.
 */
public final class CaptureBench {
    private final RoundLatencies recorded = new RoundLatencies();
    private final InferenceLoop loop;
    private final PipelineCapture capture;

    /** One condition's figures over all its rounds; {@code itemsKept} counts the items written meanwhile. */
    public record Condition(String name, LatencyStats latency, double cpuPercent, long itemsKept) {
    }

    /** @param capture the pipeline's capture, its observer already on {@code loop} */
    public CaptureBench(InferenceLoop loop, PipelineCapture capture) {
        this.loop = loop;
        this.capture = capture;
        loop.addObserver(recorded);
    }

    /**
     * @param warmupS running (capture on) before anything is measured
     * @return capture off, then capture on
     */
    public List<Condition> run(int rounds, double roundS, double warmupS) throws InterruptedException {
        Thread.sleep((long) (warmupS * 1000)); // steady running is what is measured
        List<List<long[]>> spans = List.of(new ArrayList<>(), new ArrayList<>());
        long[] cpu = new long[2];
        long[] wall = new long[2];
        long[] kept = new long[2];
        boolean on = true;
        for (int r = 0; r < rounds; r++) {
            for (int half = 0; half < 2; half++) {
                boolean wantOn = (r % 2 == 0) == (half == 1);
                if (wantOn != on) {
                    if (wantOn) {
                        loop.addObserver(capture.observer());
                    } else {
                        loop.removeObserver(capture.observer());
                    }
                    on = wantOn;
                }
                int c = on ? 1 : 0;
                long k0 = capture.stats().figures().keptTotal();
                long c0 = PageBench.cpuNanos();
                long t0 = System.nanoTime();
                Thread.sleep((long) (roundS * 1000));
                long t1 = System.nanoTime();
                spans.get(c).add(new long[]{t0, t1});
                cpu[c] += PageBench.cpuNanos() - c0;
                wall[c] += t1 - t0;
                kept[c] += capture.stats().figures().keptTotal() - k0;
            }
        }
        return List.of(condition("capture off", spans.get(0), cpu[0], wall[0], kept[0]),
                condition("capture on, every window", spans.get(1), cpu[1], wall[1], kept[1]));
    }

    private Condition condition(String name, List<long[]> spans, long cpuNanos, long wallNanos, long kept) {
        return new Condition(name, recorded.within(spans, wallNanos), 100.0 * cpuNanos / wallNanos, kept);
    }
}
