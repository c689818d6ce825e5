package io.edgeinfer.pipeline;

import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.WindowSource.WindowSink;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps window indices strictly increasing across input restarts: an input restarted by a config
 * change numbers its windows from 0 again, and its windows continue after the last one handed on,
 * so subscribers never see an index twice. Atomic rather than locked, because a restart waits for
 * the old input's thread, which may be handing on a window at that moment.
 */
public final class WindowNumbering {
    private final AtomicLong next = new AtomicLong();
    private final WindowSink downstream;

    public WindowNumbering(WindowSink downstream) {
        this.downstream = downstream;
    }

    /** A sink for an input about to start: its window {@code i} goes on as {@link #next()} + i. */
    public WindowSink forNewInput() {
        long offset = next.get();
        return w -> {
            Window out = offset == 0 ? w : w.withIndex(w.index() + offset);
            next.accumulateAndGet(out.index() + 1, Math::max);
            downstream.accept(out);
        };
    }

    /** The index the next new input's first window gets. */
    public long next() {
        return next.get();
    }
}
