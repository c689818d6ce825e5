package io.edgeinfer.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import io.edgeinfer.config.TelemetryConfig;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.telemetry.TelemetryReporter;
import io.edgeinfer.telemetry.TelemetrySources;
import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.ProcessCommandRunner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Clock;

/**
 * The full pipeline ({@link PipelineBench}) with and without the telemetry reporter running beside
 * it (power sampled and a message published every interval on its own thread, as in the daemon),
 * and the CPU time that thread used: a bound on the overhead that the machine's noise cannot blur.
 */
public final class TelemetryOverheadBench {
    private static final String THREAD = "edgeinfer-telemetry";

    private TelemetryOverheadBench() {
    }

    /**
     * One measured run: the pipeline's figures, the process's CPU time over the run (every thread:
     * inference, MQTT client, broker, telemetry) and the telemetry thread's share of it.
     */
    public record Run(PipelineBench.Result pipeline, long processCpuNanos, long telemetryCpuNanos,
            long telemetryAllocatedBytes) {
        /** Process CPU per window, ms: what the pipeline costs, less sensitive than throughput to other tenants. */
        public double cpuMsPerWindow(int windows) {
            return processCpuNanos / 1e6 / windows;
        }
    }

    public static Run off(ModelRunner model, String brokerUrl, int windows, int size) throws Exception {
        long[] cpu = {0};
        PipelineBench.Result r = PipelineBench.run(model, brokerUrl, windows, size, (stats, publisher) -> {
            long start = processCpuNanos();
            return () -> cpu[0] = processCpuNanos() - start;
        });
        return new Run(r, cpu[0], 0, 0);
    }

    /** The same with telemetry as {@code config} sets it, reading this host. */
    public static Run on(ModelRunner model, String brokerUrl, int windows, int size, TelemetryConfig config)
            throws Exception {
        long[] cpu = {0, 0, 0};
        // Detected before the run, so both arms go from "connected" to "measuring" equally fast.
        TelemetrySources sources = TelemetrySources.detect(config, HostPaths.system(), new ProcessCommandRunner(),
                model::info, null);
        PipelineBench.Result r = PipelineBench.run(model, brokerUrl, windows, size, (stats, publisher) -> {
            TelemetryReporter reporter = new TelemetryReporter(stats, publisher, "bench/bench/telemetry", "bench",
                    Clock.systemUTC(), config, sources);
            long start = processCpuNanos();
            reporter.start();
            return () -> {
                // Before close: the reporter's last message is not part of the run.
                cpu[0] = processCpuNanos() - start;
                cpu[1] = telemetryThread(true);
                cpu[2] = telemetryThread(false);
                reporter.close();
            };
        });
        return new Run(r, cpu[0], cpu[1], cpu[2]);
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU nanoseconds ({@code cpu}) or allocated bytes of the live telemetry thread. */
    private static long telemetryThread(boolean cpu) {
        var mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals(THREAD)) {
                long id = t.getThreadId();
                sum += Math.max(0, cpu ? mx.getThreadCpuTime(id) : mx.getThreadAllocatedBytes(id));
            }
        }
        return sum;
    }
}
