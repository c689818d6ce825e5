package io.edgeinfer.anomaly;

import java.util.Arrays;

/**
 * Persistence and hysteresis on per-window threshold crossings: an alarm is raised when {@code k}
 * of the last {@code n} scored windows were above the threshold, and cleared after {@code clearAfter}
 * scored windows in a row below it. Windows that were not scored (sensor faults) count neither way.
 * Not thread-safe: the pipeline thread owns it.
 */
final class AlarmState {
    private final int k;
    private final boolean[] recent;
    private final int clearAfter;
    private int next;
    private int filled;
    private int above;
    private int belowInARow;
    private boolean alarm;

    AlarmState(int k, int n, int clearAfter) {
        if (k < 1 || k > n || clearAfter < 1) {
            throw new IllegalArgumentException("need 1 <= k <= n and clearAfter >= 1");
        }
        this.k = k;
        this.recent = new boolean[n];
        this.clearAfter = clearAfter;
    }

    /** Records one scored window; returns whether the alarm is on after it. */
    boolean update(boolean isAbove) {
        if (filled == recent.length && recent[next]) {
            above--;
        }
        recent[next] = isAbove;
        next = (next + 1) % recent.length;
        filled = Math.min(recent.length, filled + 1);
        if (isAbove) {
            above++;
            belowInARow = 0;
        } else {
            belowInARow++;
        }
        if (!alarm && above >= k) {
            alarm = true;
        } else if (alarm && belowInARow >= clearAfter) {
            alarm = false;
        }
        return alarm;
    }

    boolean alarm() {
        return alarm;
    }

    /** Forgets everything (a new baseline starts from quiet). */
    void reset() {
        Arrays.fill(recent, false);
        next = 0;
        filled = 0;
        above = 0;
        belowInARow = 0;
        alarm = false;
    }
}
