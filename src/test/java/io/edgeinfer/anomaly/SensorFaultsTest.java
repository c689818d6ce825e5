package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.model.Window;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SensorFaultsTest {
    private final SensorFaults faults = new SensorFaults(400);

    private static Window timed(float[] d, long startNanos, long endNanos) {
        return new Window(0, startNanos, endNanos, 0, 2, d.length / 2, d);
    }

    private static float[] lively() {
        return Signals.sines(100, 400, new double[]{1, 1}, new double[]{30, 50});
    }

    @Test
    void aLivelyWindowWithoutTimestampsOrWithTheRightSpanIsFine() {
        assertThat(faults.check(Window.of(0, new int[]{2, 100}, lively()))).isEmpty();
        long span = Math.round(99 * 1e9 / 400);
        assertThat(faults.check(timed(lively(), 1_000_000_000L, 1_000_000_000L + span + 2_000_000))).isEmpty();
    }

    @Test
    void nanInfinityAFlatChannelAndMissingSamplesAreFaults() {
        float[] d = lively();
        d[7] = Float.NaN;
        assertThat(faults.check(Window.of(0, new int[]{2, 100}, d))).containsExactly(SignalFlag.NON_FINITE);
        d = lively();
        d[150] = Float.NEGATIVE_INFINITY;
        assertThat(faults.check(Window.of(0, new int[]{2, 100}, d))).containsExactly(SignalFlag.NON_FINITE);
        d = lively();
        Arrays.fill(d, 100, 200, 0.25f);
        assertThat(faults.check(Window.of(0, new int[]{2, 100}, d))).containsExactly(SignalFlag.STUCK);
        long span = Math.round(99 * 1e9 / 400);
        assertThat(faults.check(timed(lively(), 0, 5_000_000_000L + span))).containsExactly(SignalFlag.GAP);
    }

    @Test
    void flagsTheInputSideSetAreKept() {
        Window w = Window.of(0, new int[]{2, 100}, lively()).withFlags(Set.of(SignalFlag.SATURATED));
        assertThat(faults.check(w)).containsExactly(SignalFlag.SATURATED);
    }
}
