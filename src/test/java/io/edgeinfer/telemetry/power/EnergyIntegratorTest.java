package io.edgeinfer.telemetry.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EnergyIntegratorTest {
    private final ManualNanoClock clock = new ManualNanoClock();
    private final EnergyIntegrator e = new EnergyIntegrator(clock);

    @Test
    void powerReadingsIntegrateAsTrapezoids() {
        e.add(PowerSample.power(4));
        clock.advanceSeconds(1);
        e.add(PowerSample.power(6)); // 5 W for 1 s
        clock.advanceSeconds(2);
        e.add(PowerSample.power(6)); // 6 W for 2 s
        EnergyIntegrator.Interval i = e.take();
        assertThat(i.joules()).isCloseTo(17, within(1e-9));
        assertThat(i.coveredS()).isCloseTo(3, within(1e-9));
        assertThat(i.averageWatts()).isCloseTo(17.0 / 3, within(1e-9));
    }

    @Test
    void energyCounterReadingsCountTheirDifference() {
        e.add(PowerSample.energy(100));
        clock.advanceSeconds(0.5);
        e.add(PowerSample.energy(103));
        assertThat(e.take().averageWatts()).isCloseTo(6, within(1e-9));
    }

    @Test
    void theIntervalEndsAtTakeAndTheNextStartsFromTheLastReading() {
        e.add(PowerSample.power(2));
        clock.advanceSeconds(1);
        e.add(PowerSample.power(2));
        assertThat(e.take().joules()).isCloseTo(2, within(1e-9));
        clock.advanceSeconds(1);
        e.add(PowerSample.power(4));
        EnergyIntegrator.Interval next = e.take();
        assertThat(next.joules()).isCloseTo(3, within(1e-9));
        assertThat(next.coveredS()).isCloseTo(1, within(1e-9));
        assertThat(e.totalJoules()).isCloseTo(5, within(1e-9));
    }

    @Test
    void aFailedReadingLeavesAnUncountedGapNotAnInventedSpan() {
        e.add(PowerSample.power(5));
        clock.advanceSeconds(1);
        e.gap();
        clock.advanceSeconds(1);
        e.add(PowerSample.power(5));
        clock.advanceSeconds(1);
        e.add(PowerSample.power(5));
        EnergyIntegrator.Interval i = e.take();
        assertThat(i.coveredS()).isCloseTo(1, within(1e-9));
        assertThat(i.joules()).isCloseTo(5, within(1e-9));
    }

    @Test
    void aCounterThatWentBackwardsWasResetAndThatSpanIsUnknown() {
        e.add(PowerSample.energy(50));
        clock.advanceSeconds(1);
        e.add(PowerSample.energy(2));
        clock.advanceSeconds(1);
        e.add(PowerSample.energy(4));
        EnergyIntegrator.Interval i = e.take();
        assertThat(i.joules()).isCloseTo(2, within(1e-9));
        assertThat(i.coveredS()).isCloseTo(1, within(1e-9));
    }

    @Test
    void nothingCoveredHasNoPower() {
        e.add(PowerSample.power(3));
        assertThat(e.take().averageWatts()).isNull();
    }
}
