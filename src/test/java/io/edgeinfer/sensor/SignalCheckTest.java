package io.edgeinfer.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.model.Window;
import org.junit.jupiter.api.Test;

class SignalCheckTest {
    private static final FullScale RAILS = FullScale.of(2, -2f, 1.99f);

    private static Window window(float[] x, float[] y) {
        float[] d = new float[x.length * 2];
        System.arraycopy(x, 0, d, 0, x.length);
        System.arraycopy(y, 0, d, x.length, y.length);
        return new Window(0, 0, 0, 0, 2, x.length, d);
    }

    @Test
    void aLivelySignalInsideTheRailsHasNoFlags() {
        assertThat(new SignalCheck(RAILS).check(window(new float[]{0.1f, 0.2f, -0.1f}, new float[]{1, 1.1f, 0.9f})))
                .isEmpty();
    }

    @Test
    void aChannelThatNeverChangesIsStuck() {
        assertThat(new SignalCheck(RAILS).check(window(new float[]{0.1f, 0.2f, -0.1f}, new float[]{0.5f, 0.5f, 0.5f})))
                .containsExactly(SignalFlag.STUCK);
    }

    @Test
    void aValueOnEitherRailIsSaturated() {
        assertThat(new SignalCheck(RAILS).check(window(new float[]{0.1f, 1.99f, -0.1f}, new float[]{0, 1, 0})))
                .containsExactly(SignalFlag.SATURATED);
        assertThat(new SignalCheck(RAILS).check(window(new float[]{0.1f, -2f, -0.1f}, new float[]{0, 1, 0})))
                .containsExactly(SignalFlag.SATURATED);
    }

    @Test
    void aChannelPinnedToARailIsBoth() {
        assertThat(new SignalCheck(RAILS).check(window(new float[]{-2f, -2f, -2f}, new float[]{0, 1, 0})))
                .containsExactlyInAnyOrder(SignalFlag.STUCK, SignalFlag.SATURATED);
    }

    @Test
    void withoutRailsOnlyStuckIsChecked() {
        assertThat(new SignalCheck(null).check(window(new float[]{100, 1e6f, -1e6f}, new float[]{3, 3, 3})))
                .containsExactly(SignalFlag.STUCK);
    }

    @Test
    void aNanOrInfiniteSampleIsNonFiniteAndNotSaturated() {
        assertThat(new SignalCheck(RAILS).check(window(new float[]{0.1f, Float.NaN, -0.1f}, new float[]{0, 1, 0})))
                .containsExactly(SignalFlag.NON_FINITE);
        assertThat(new SignalCheck(RAILS).check(window(new float[]{0.1f, 0.2f, -0.1f},
                new float[]{Float.POSITIVE_INFINITY, Float.NaN, Float.NEGATIVE_INFINITY})))
                .containsExactly(SignalFlag.NON_FINITE);
    }
}
