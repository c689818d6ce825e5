package io.edgeinfer.anomaly;

import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.model.Window;
import java.util.EnumSet;
import java.util.Set;

/**
 * Decides whether a window is fit to score or learn from: the flags the input side set (stuck,
 * saturated: only the sensor knows its full scale), and what can be seen in the window itself,
 * whoever built it (a replayed recording, a bench): NaN or infinite samples, a channel that never
 * changes, and timestamps that span more than the window's samples can (samples missing inside it).
 * A flagged window is a sensor fault, never a machine anomaly, and is never learned.
 */
final class SensorFaults {
    /** Timestamps wobble a little (system-clocked chips, recordings): a gap is more than this. */
    private static final long MIN_GAP_NANOS = 50_000_000;
    private final double rateHz;

    SensorFaults(double rateHz) {
        this.rateHz = rateHz;
    }

    Set<SignalFlag> check(Window w) {
        Set<SignalFlag> flags = EnumSet.noneOf(SignalFlag.class);
        flags.addAll(w.flags());
        float[] d = w.data();
        int n = w.size();
        for (int c = 0; c < w.channels(); c++) {
            float first = d[c * n];
            boolean changes = false;
            for (int i = c * n; i < (c + 1) * n; i++) {
                if (!Float.isFinite(d[i])) {
                    flags.add(SignalFlag.NON_FINITE);
                } else if (d[i] != first) {
                    changes = true;
                }
            }
            if (n > 1 && !changes && Float.isFinite(first)) {
                flags.add(SignalFlag.STUCK);
            }
        }
        if (gap(w)) {
            flags.add(SignalFlag.GAP);
        }
        return flags;
    }

    /** Windows without timestamps (both zero: a bench, a probe) cannot show a gap. */
    private boolean gap(Window w) {
        if (w.startNanos() == 0 && w.endNanos() == 0) {
            return false;
        }
        double periodNanos = 1e9 / rateHz;
        double expected = (w.size() - 1) * periodNanos;
        double slack = Math.max(3 * periodNanos, MIN_GAP_NANOS);
        return w.endNanos() - w.startNanos() > expected + slack;
    }
}
