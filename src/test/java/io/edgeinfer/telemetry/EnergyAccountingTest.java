package io.edgeinfer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeinfer.telemetry.EnergyAccounting.Figures;
import io.edgeinfer.telemetry.power.EnergyIntegrator.Interval;
import org.junit.jupiter.api.Test;

class EnergyAccountingTest {

    @Test
    void attributedIsPowerTimesBusyTimePerInferenceAndMarginalIsTheExcessOverIdle() {
        // 50 J over 10 s = 5 W; 200 inferences kept the thread busy 2 s; idle 3 W.
        Figures f = EnergyAccounting.of(new Interval(50, 10), 10, 200, 2, 3.0);
        assertThat(f.powerW()).isCloseTo(5, within(1e-12));
        assertThat(f.mjPerInference()).isCloseTo(5 * 2.0 / 200 * 1000, within(1e-9)); // 50 mJ
        assertThat(f.marginalMjPerInference()).isCloseTo((5 - 3) * 10.0 / 200 * 1000, within(1e-9)); // 100 mJ
    }

    @Test
    void powerIsTheMeanOverTheCoveredPartWhenAtLeastHalfIsCovered() {
        Figures f = EnergyAccounting.of(new Interval(30, 6), 10, 10, 1, null);
        assertThat(f.powerW()).isCloseTo(5, within(1e-12));
        assertThat(f.mjPerInference()).isCloseTo(500, within(1e-9));
        assertThat(f.marginalMjPerInference()).as("no idle baseline").isNull();
        assertThat(EnergyAccounting.of(new Interval(20, 4), 10, 10, 1, null).powerW()).isNull();
    }

    @Test
    void noMeterNoInferencesOrNoTimeGiveNulls() {
        assertThat(EnergyAccounting.of(null, 10, 10, 1, 2.0)).isEqualTo(new Figures(null, null, null));
        assertThat(EnergyAccounting.of(new Interval(50, 10), 10, 0, 0, 2.0)).isEqualTo(new Figures(5.0, null, null));
        assertThat(EnergyAccounting.of(new Interval(0, 0), 0, 5, 1, 2.0)).isEqualTo(new Figures(null, null, null));
    }

    @Test
    void aBaselineAboveTheMeasuredPowerShowsAsANegativeMarginalNotAClampedZero() {
        assertThat(EnergyAccounting.of(new Interval(20, 10), 10, 10, 1, 3.0).marginalMjPerInference())
                .isCloseTo(-1000, within(1e-9));
    }
}
