package io.edgeinfer.sensor;

import io.edgeinfer.config.CsvReplayConfig;
import io.edgeinfer.data.CsvRecording;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a {@link CsvRecording} at its recorded pace (times {@code speed}): each sample is handed
 * over when its recorded offset from the first sample has passed, stamped with the replay time.
 * Samples go out in blocks of about 10 ms of recording. A malformed row is counted and skipped.
 */
public final class CsvReplaySource implements SensorSource {
    private static final Logger LOG = LoggerFactory.getLogger(CsvReplaySource.class);
    private static final double BLOCK_S = 0.01;

    private final CsvReplayConfig config;
    private final Timebase time;
    private final SourceStats stats;
    private final AcquisitionThread acquisition = new AcquisitionThread("edgeinfer-source");

    public CsvReplaySource(CsvReplayConfig config, Timebase time, SourceStats stats) {
        this.config = config;
        this.time = time;
        this.stats = stats;
    }

    @Override
    public int channels() {
        return config.columns().size();
    }

    @Override
    public double rateHz() {
        return config.rateHz();
    }

    @Override
    public void start(SampleSink sink) {
        acquisition.start(() -> run(sink));
    }

    private void run(SampleSink sink) {
        long startNanos = time.nowNanos();
        double offsetS = 0;
        try {
            do {
                offsetS = replayOnce(sink, startNanos, offsetS);
            } while (acquisition.running() && config.loop());
            LOG.info("replay of {} finished", config.path());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | CsvRecording.FormatException e) {
            stats.readError();
            LOG.error("replay of {} stopped: {}", config.path(), e.getMessage());
        }
    }

    /** Replays the file once from {@code offsetS} of replay time on; returns where the next pass starts. */
    private double replayOnce(SampleSink sink, long startNanos, double offsetS)
            throws IOException, CsvRecording.FormatException, InterruptedException {
        try (CsvRecording rec = CsvRecording.open(config.path(), config.timeColumn(), config.columns())) {
            int ch = channels();
            int perBlock = (int) Math.max(1, Math.round(config.rateHz() * BLOCK_S));
            float[] values = new float[perBlock * ch];
            double[] times = new double[perBlock];
            int n = 0;
            double t0 = Double.NaN;
            double last = 0;
            CsvRecording.Row row;
            while (acquisition.running() && (row = next(rec)) != null) {
                if (Double.isNaN(t0)) {
                    t0 = row.timeS();
                }
                last = row.timeS() - t0;
                times[n] = offsetS + last;
                System.arraycopy(row.values(), 0, values, n * ch, ch);
                if (++n == perBlock) {
                    deliver(sink, startNanos, times, values, n);
                    values = new float[perBlock * ch];
                    n = 0;
                }
            }
            if (n > 0 && acquisition.running()) {
                deliver(sink, startNanos, times, Arrays.copyOf(values, n * ch), n);
            }
            return offsetS + last + 1 / config.rateHz();
        }
    }

    private CsvRecording.Row next(CsvRecording rec) throws IOException {
        while (true) {
            try {
                return rec.next();
            } catch (CsvRecording.FormatException e) {
                stats.readError();
                LOG.warn("skipping a row: {}", e.getMessage());
            }
        }
    }

    private void deliver(SampleSink sink, long startNanos, double[] times, float[] values, int n)
            throws InterruptedException {
        double speed = config.speed();
        long first = startNanos + toNanos(times[0], speed);
        long lastAt = startNanos + toNanos(times[n - 1], speed);
        if (speed > 0) {
            long wait = lastAt - time.nowNanos();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        long period = n > 1 ? (lastAt - first) / (n - 1) : Math.round(1e9 / config.rateHz() / Math.max(speed, 1));
        sink.accept(new SampleBlock(first, period, channels(), n, values));
    }

    /** Replay time; at speed 0 (as fast as taken) samples keep their recorded spacing. */
    private static long toNanos(double seconds, double speed) {
        return Math.round(seconds * 1e9 / (speed > 0 ? speed : 1));
    }

    @Override
    public void close() {
        acquisition.stop(2000);
    }
}
