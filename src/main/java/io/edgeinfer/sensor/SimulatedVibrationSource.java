package io.edgeinfer.sensor;

import io.edgeinfer.config.SimulatedVibrationConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated sensor: a {@link VibrationSignal} following a {@link Scenario}, delivered in blocks
 * of about 10 ms as a FIFO-based accelerometer would. In real-time mode sample timestamps advance
 * at exactly the configured rate from the start instant and delivery is paced to the wall clock (or
 * {@code speed} times faster, simulated time running ahead of it); otherwise samples are produced as fast as the sink takes them (benchmarks).
 */
public final class SimulatedVibrationSource implements SensorSource {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedVibrationSource.class);

    private final SimulatedVibrationConfig config;
    private final Scenario scenario;
    private final Clock clock;
    private final long maxSamples;
    private final AcquisitionThread acquisition = new AcquisitionThread("edgeinfer-source");

    public SimulatedVibrationSource(SimulatedVibrationConfig config, Clock clock) {
        this(config, clock, Long.MAX_VALUE);
    }

    /** @param maxSamples stop after this many samples (benchmarks); {@code Long.MAX_VALUE} for endless */
    public SimulatedVibrationSource(SimulatedVibrationConfig config, Clock clock, long maxSamples) {
        this.config = config;
        this.scenario = new Scenario(config.scenario());
        this.clock = clock;
        this.maxSamples = maxSamples;
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public double rateHz() {
        return config.rateHz();
    }

    public Scenario scenario() {
        return scenario;
    }

    @Override
    public void start(SampleSink sink) {
        acquisition.start(() -> run(sink));
    }

    private void run(SampleSink sink) {
        VibrationSignal signal = new VibrationSignal(config.seed(), config.rateHz());
        long periodNanos = Math.round(1e9 / config.rateHz());
        int perBlock = (int) Math.max(1, Math.round(config.rateHz() / 100));
        long startNanos = epochNanos();
        long produced = 0;
        try {
            while (acquisition.running() && produced < maxSamples) {
                int n = (int) Math.min(perBlock, maxSamples - produced);
                long first = startNanos + produced * periodNanos;
                if (config.realtime()) {
                    // A FIFO hands over samples once they exist: wait until the block's last one does
                    // (its simulated instant, sped up by config.speed() from the start).
                    long due = startNanos + Math.round(((produced + n - 1) * periodNanos) / config.speed());
                    long wait = due - epochNanos();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                float[] values = new float[n * 3];
                for (int i = 0; i < n; i++) {
                    long t = first + i * periodNanos;
                    signal.next(scenario.stateAt(t), scenario.operatingAt(t), values, i * 3);
                }
                Mounting.apply(config.mount(), values, n);
                sink.accept(new SampleBlock(first, periodNanos, 3, n, values));
                produced += n;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("simulated source stopped: {}", e.toString(), e);
        }
    }

    private long epochNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Waits until a bounded source has delivered everything. */
    public void awaitEnd(long timeoutMs) throws InterruptedException {
        acquisition.join(timeoutMs);
    }

    @Override
    public void close() {
        acquisition.stop(2000);
    }
}
