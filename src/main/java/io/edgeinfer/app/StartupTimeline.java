package io.edgeinfer.app;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a daemon's start-up goes: each phase, as it ends, is logged at debug level with the
 * milliseconds since the JVM started and since the phase before
 * ({@code start-up: model loaded at 1234 ms (+456 ms)}), so {@code EDGEINFER_LOG_LEVEL=DEBUG} shows
 * the timeline docs/BENCHMARKS.md reads. Marks may come from several threads (the model loads beside
 * the broker); the "+" is then the time since the latest mark from any of them.
 */
public final class StartupTimeline {
    private static final Logger LOG = LoggerFactory.getLogger(StartupTimeline.class);

    /** One phase that ended {@code atMs} after JVM start, {@code tookMs} after the mark before it. */
    public record Phase(String name, long atMs, long tookMs) {
    }

    private final long jvmStartMs;
    private final LongSupplier clockMs;
    private final List<Phase> phases = new ArrayList<>();
    private long lastMs;

    /**
     * @param jvmStartMs when the JVM started, epoch ms
     * @param clockMs the current time, epoch ms
     */
    public StartupTimeline(long jvmStartMs, LongSupplier clockMs) {
        this.jvmStartMs = jvmStartMs;
        this.clockMs = clockMs;
    }

    /** A timeline counting from this JVM's start. */
    public static StartupTimeline sinceJvmStart() {
        return new StartupTimeline(ManagementFactory.getRuntimeMXBean().getStartTime(), System::currentTimeMillis);
    }

    /** Records that {@code phase} just ended and logs it at debug level. */
    public synchronized Phase mark(String phase) {
        long at = clockMs.getAsLong() - jvmStartMs;
        Phase p = new Phase(phase, at, at - lastMs);
        lastMs = at;
        phases.add(p);
        LOG.debug("start-up: {} at {} ms (+{} ms)", phase, p.atMs(), p.tookMs());
        return p;
    }

    /** The phases marked so far, in order. */
    public synchronized List<Phase> phases() {
        return List.copyOf(phases);
    }
}
