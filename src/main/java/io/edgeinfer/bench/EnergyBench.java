package io.edgeinfer.bench;

import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import io.edgeinfer.telemetry.EnergyAccounting;
import io.edgeinfer.telemetry.power.EnergyIntegrator;
import io.edgeinfer.telemetry.power.PowerMeter;
import io.edgeinfer.telemetry.power.PowerMeterException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Energy per inference of one model: DJL's predict in a tight loop on one thread for a fixed time,
 * while a power meter is read every 250 ms on another thread. The figures follow the daemon's
 * definitions (docs/telemetry.md), with the busy time B equal to the whole run.
 */
public final class EnergyBench {
    private static final long SAMPLE_MS = 250;

    private EnergyBench() {
    }

    /**
     * One run: its length, inferences, the loop thread's CPU time per inference (load-independent),
     * mean power and the two energy figures (null when unknown).
     */
    public record Result(double seconds, long inferences, double cpuMsPerInference, Double powerW,
            Double mjPerInference,
            Double marginalMjPerInference) {
        public double rate() {
            return inferences / seconds;
        }
    }

    public static Result run(ModelRunner model, List<Window> windows, PowerMeter meter, Double idleW, Duration duration)
            throws InferenceException {
        EnergyIntegrator energy = new EnergyIntegrator(System::nanoTime);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgeinfer-bench-power");
            t.setDaemon(true);
            return t;
        });
        sample(meter, energy);
        sampler.scheduleAtFixedRate(() -> sample(meter, energy), SAMPLE_MS, SAMPLE_MS, TimeUnit.MILLISECONDS);
        long n = 0;
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long end = t0 + duration.toNanos();
        try {
            while (System.nanoTime() < end) {
                model.predict(windows.get((int) (n % windows.size())));
                n++;
            }
        } finally {
            // shutdown, not shutdownNow: an interrupt in the middle of a reading would fail it, and the
            // gap it leaves can drop a short run's coverage below what the figures need (seen with
            // 0.5 s runs: a reading interrupted at the end left exactly half the run covered).
            sampler.shutdown();
            try {
                sampler.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long t1 = System.nanoTime();
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
        sample(meter, energy);
        double seconds = (t1 - t0) / 1e9;
        EnergyAccounting.Figures f = EnergyAccounting.of(energy.take(), seconds, n, seconds, idleW);
        return new Result(seconds, n, cpu / 1e6 / n, f.powerW(), f.mjPerInference(), f.marginalMjPerInference());
    }

    private static void sample(PowerMeter meter, EnergyIntegrator energy) {
        // Read and add as one step: the sampler and the last reading on the caller's thread must not
        // add their readings in the other order (a negative difference is dropped as a counter reset).
        synchronized (energy) {
            add(meter, energy);
        }
    }

    private static void add(PowerMeter meter, EnergyIntegrator energy) {
        try {
            energy.add(meter.read());
        } catch (PowerMeterException | RuntimeException e) {
            energy.gap();
        }
    }
}
