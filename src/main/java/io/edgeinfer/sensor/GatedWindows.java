package io.edgeinfer.sensor;

import io.edgeinfer.config.GpioTriggerConfig.Mode;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.WindowSource;

/**
 * Lets windows through according to a {@link TriggerInput}. Gate: only windows taken entirely while
 * the input was active (a machine running). Edge: one window per activation, the first that starts
 * at or after it (one camera frame per part passing a light barrier). The rest are counted, not
 * inferred.
 */
public final class GatedWindows implements WindowSource {
    private final WindowSource inner;
    private final TriggerInput trigger;
    private final Mode mode;
    private final SourceStats stats;
    private long consumed = Long.MIN_VALUE;

    public GatedWindows(WindowSource inner, TriggerInput trigger, Mode mode, SourceStats stats) {
        this.inner = inner;
        this.trigger = trigger;
        this.mode = mode;
        this.stats = stats;
    }

    @Override
    public void start(WindowSink sink) {
        trigger.start();
        inner.start(w -> {
            if (pass(w)) {
                sink.accept(w);
            } else {
                stats.gatedWindow();
            }
        });
    }

    boolean pass(Window w) {
        if (mode == Mode.GATE) {
            return trigger.activeSince() <= w.startNanos();
        }
        long activation = trigger.lastActivation();
        if (activation != Long.MIN_VALUE && activation > consumed && w.startNanos() >= activation) {
            consumed = activation;
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        inner.close();
        trigger.close();
    }
}
