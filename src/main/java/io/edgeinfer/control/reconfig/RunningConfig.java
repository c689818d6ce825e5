package io.edgeinfer.control.reconfig;

import io.edgeinfer.config.DaemonConfig;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The config the daemon runs with now, replaced whole (one reference swap) by {@link ConfigControl}
 * only; everything else reads it, so no reader ever sees half of two configs.
 */
public final class RunningConfig implements Supplier<DaemonConfig> {
    private final AtomicReference<DaemonConfig> ref;

    public RunningConfig(DaemonConfig initial) {
        this.ref = new AtomicReference<>(initial);
    }

    @Override
    public DaemonConfig get() {
        return ref.get();
    }

    void set(DaemonConfig next) {
        ref.set(next);
    }
}
