package io.edgeinfer.sensor;

import io.edgeinfer.config.WindowConfig;
import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.WindowSource;
import java.util.Set;

/**
 * A sensor's sample stream as windows: the {@link Windower} cuts it, the {@link SignalCheck} flags
 * stuck or saturated windows. A gap in the stream of more than 3 sample periods or 50 ms (a device
 * that was away, samples lost to a full FIFO) starts the windowing afresh, so no window stitches
 * together samples from both sides.
 */
public final class StreamWindows implements WindowSource {
    /** Timestamps of a recording or a system-clocked chip wobble a little; a gap is more than that. */
    private static final long MIN_GAP_NANOS = 50_000_000;
    private final SensorSource source;
    private final WindowConfig config;
    private final SourceStats stats;
    private final SignalCheck check;
    private final long maxGapNanos;
    private Windower windower;
    private long expectedNanos = Long.MIN_VALUE;

    public StreamWindows(SensorSource source, WindowConfig config, SourceStats stats) {
        this.source = source;
        this.config = config;
        this.stats = stats;
        this.check = new SignalCheck(source.fullScale());
        this.maxGapNanos = Math.max(Math.round(3e9 / source.rateHz()), MIN_GAP_NANOS);
    }

    @Override
    public void start(WindowSink sink) {
        source.start(block -> accept(block, sink));
    }

    private void accept(SampleBlock block, WindowSink sink) throws InterruptedException {
        boolean gap = expectedNanos != Long.MIN_VALUE && Math.abs(block.firstNanos() - expectedNanos) > maxGapNanos;
        if (windower == null || gap) {
            // Numbering goes on across a gap: a window index names one window for the daemon's lifetime.
            windower = new Windower(block.channels(), config.size(), config.hop(), w -> emit(w, sink),
                    windower == null ? 0 : windower.nextIndex());
        }
        expectedNanos = block.timestampNanos(block.count());
        windower.accept(block);
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
    }

    private void emit(Window w, WindowSink sink) {
        Set<SignalFlag> flags = check.check(w);
        if (flags.contains(SignalFlag.STUCK)) {
            stats.stuckWindow();
        }
        if (flags.contains(SignalFlag.SATURATED)) {
            stats.saturatedWindow();
        }
        try {
            sink.accept(flags.isEmpty() ? w : w.withFlags(flags));
        } catch (InterruptedException e) {
            // The windower cannot pass it on; the source sees the flag after this block.
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        source.close();
    }
}
