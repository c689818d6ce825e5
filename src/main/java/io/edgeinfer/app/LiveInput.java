package io.edgeinfer.app;

import io.edgeinfer.config.SourceConfig;
import io.edgeinfer.config.WindowConfig;
import io.edgeinfer.pipeline.WindowNumbering;
import io.edgeinfer.pipeline.WindowSource;
import io.edgeinfer.pipeline.WindowSource.WindowSink;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.SourceStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipeline's input, which a config change can replace while the pipeline runs: the old input
 * stops, the new one starts, and its windows continue the numbering. One lock keeps a restart and
 * the daemon's close from interleaving.
 */
final class LiveInput implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveInput.class);

    private final Inputs inputs;
    private final Health health;
    private final SourceStats stats;
    private final WindowNumbering numbering;
    private WindowSource current;
    private boolean closed;

    LiveInput(Inputs inputs, Health health, SourceStats stats, WindowSink windows) {
        this.inputs = inputs;
        this.health = health;
        this.stats = stats;
        this.numbering = new WindowNumbering(windows);
    }

    synchronized void start(SourceConfig source, WindowConfig window) {
        if (closed) {
            return;
        }
        WindowSource next = inputs.open(source, window, health, stats);
        next.start(numbering.forNewInput());
        current = next;
    }

    /** Stops the running input and starts the one {@code source} names. */
    synchronized void restart(SourceConfig source, WindowConfig window) {
        stop();
        long first = numbering.next();
        start(source, window);
        LOG.info("input restarted: {} at {} Hz, window {}/{}, window numbering continues at {}",
                source.getClass().getSimpleName(), source.rateHz(), window.size(), window.hop(), first);
    }

    private void stop() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }
}
