package io.edgeinfer.sensor;

import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.model.Window;
import java.util.EnumSet;
import java.util.Set;

/**
 * Flags a window whose signal cannot be trusted: a channel that did not change at all (a dead or
 * disconnected sensor: real ones always show some noise in their last bit) is {@code stuck}; a value
 * on the sensor's full-scale limit (clipped, the true value may be larger) is {@code saturated}; a
 * NaN or infinite value is {@code non_finite}.
 */
public final class SignalCheck {
    private final FullScale fullScale;

    /** @param fullScale the sensor's limits, or null if it has none (then only stuck is checked) */
    public SignalCheck(FullScale fullScale) {
        this.fullScale = fullScale;
    }

    public Set<SignalFlag> check(Window w) {
        Set<SignalFlag> flags = EnumSet.noneOf(SignalFlag.class);
        float[] d = w.data();
        int n = w.size();
        for (int c = 0; c < w.channels(); c++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = c * n; i < (c + 1) * n; i++) {
                if (!Float.isFinite(d[i])) {
                    flags.add(SignalFlag.NON_FINITE);
                    continue;
                }
                min = Math.min(min, d[i]);
                max = Math.max(max, d[i]);
            }
            if (n > 1 && min == max) {
                flags.add(SignalFlag.STUCK);
            }
            if (fullScale != null && min <= max && (fullScale.clipped(c, min) || fullScale.clipped(c, max))) {
                flags.add(SignalFlag.SATURATED);
            }
        }
        return flags;
    }
}
