package io.edgeinfer.bench;

import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.telemetry.TelemetryReporter;
import io.edgeinfer.telemetry.TelemetrySources;
import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.ProcessCommandRunner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;

/**
 * The full pipeline ({@link PipelineBench}) with and without the telemetry reporter running beside
 * it (power sampled and a message published every interval on its own thread, as in the daemon),
 * and the CPU time that thread used: a bound on the overhead that the machine's noise cannot blur.
 */
public final class TelemetryOverheadBench {
    private static final String THREAD = "edgeinfer-telemetry";

    private TelemetryOverheadBench() {}

    /** A run with telemetry on: the pipeline's figures and the telemetry thread's CPU time. */
    public record On(PipelineBench.Result pipeline, long telemetryCpuNanos) {}

    public static PipelineBench.Result off(ModelRunner model, String brokerUrl, int windows, int size) throws Exception {
        return PipelineBench.run(model, brokerUrl, windows, size);
    }

    /** The same with telemetry as {@code config} sets it, reading this host. */
    public static On on(ModelRunner model, String brokerUrl, int windows, int size, TelemetryConfig config) throws Exception {
        long[] cpu = {0};
        PipelineBench.Result r = PipelineBench.run(model, brokerUrl, windows, size, (stats, publisher) -> {
            TelemetrySources sources = TelemetrySources.detect(config, HostPaths.system(), new ProcessCommandRunner(),
                    model::info, null);
            TelemetryReporter reporter = new TelemetryReporter(stats, publisher, "bench/bench/telemetry", "bench",
                    Clock.systemUTC(), config, sources);
            reporter.start();
            return () -> {
                cpu[0] = threadCpuNanos(); // before close: its last message is not part of the run
                reporter.close();
            };
        });
        return new On(r, cpu[0]);
    }

    private static long threadCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals(THREAD)) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }
}
