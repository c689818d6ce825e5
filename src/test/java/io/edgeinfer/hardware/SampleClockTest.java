package io.edgeinfer.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleClockTest {
    private static final long P = 2_500_000;

    @Test
    void consecutiveDrainsContinueTheSequenceWhateverTheReadJitter() {
        SampleClock c = new SampleClock(400);
        long first = c.place(10, 1_000_000_000L);
        assertThat(first).isEqualTo(1_000_000_000L - P / 2 - 9 * P);
        // The next 8 samples, read 0.3 ms later than exactly due: still one period after the last.
        long second = c.place(8, 1_000_000_000L + 8 * P + 300_000);
        assertThat(second - (first + 10 * P)).isBetween(0L, 300_000L / 16 + 1);
    }

    @Test
    void aSteadyRateErrorIsFollowedWithoutSteps() {
        SampleClock c = new SampleClock(400);
        // The chip runs 1 % fast: 16 samples every 39.6 ms instead of 40 ms.
        long t = 0;
        long prevEnd = Long.MIN_VALUE;
        long maxStep = 0;
        for (int i = 0; i < 200; i++) {
            t += 39_600_000;
            long first = c.place(16, t);
            if (prevEnd != Long.MIN_VALUE) {
                maxStep = Math.max(maxStep, Math.abs(first - prevEnd));
            }
            prevEnd = first + 16 * P;
            assertThat(Math.abs(first + 15 * P - (t - P / 2))).as("drain %d", i).isLessThan(4 * P);
        }
        assertThat(maxStep).as("largest correction between drains").isLessThan(P / 4);
    }

    @Test
    void aGapOfManyPeriodsRestartsTheSequence() {
        SampleClock c = new SampleClock(400);
        c.place(16, 1_000_000_000L);
        long after = c.place(16, 2_000_000_000L);
        assertThat(after).isEqualTo(2_000_000_000L - P / 2 - 15 * P);
    }
}
