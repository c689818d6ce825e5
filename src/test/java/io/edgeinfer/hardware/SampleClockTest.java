package io.edgeinfer.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SampleClockTest {
    private static final long P = 2_500_000;

    @Test
    void theFirstDrainAnchorsTheSequenceHalfAPeriodBeforeTheRead() {
        SampleClock c = new SampleClock(400);
        assertThat(c.place(10, 1_000_000_000L)).isEqualTo(1_000_000_000L - P / 2 - 9 * P);
        assertThat(c.periodNanos()).isEqualTo(P);
    }

    @Test
    void onceSettledBlocksJoinUpWithinAnEighthOfAPeriodWhateverTheReadJitter() {
        SampleClock c = new SampleClock(400);
        SplittableRandom rng = new SplittableRandom(5);
        long taken = 0;
        long prevEnd = 0;
        for (int d = 0; d < 400; d++) {
            taken += 16;
            long read = (taken - 1) * P + (long) (rng.nextDouble() * P);
            long first = c.place(16, read);
            if (d > 64) {
                assertThat(Math.abs(first - prevEnd)).as("drain %d", d).isLessThanOrEqualTo(P / 8 + 1000);
            }
            prevEnd = first + 16 * c.periodNanos();
        }
    }

    /**
     * A chip whose true period differs from the nominal one, drained 16 samples at a time at random
     * phase, one read in 50 delayed by 20 ms between counting and clock reading (a preempted
     * thread). Returns the errors |timestamp - true instant| of every sample after the first 50
     * drains, less their median (a constant offset is no timing error).
     */
    private static long[] track(double trueRateHz, SampleClock c) {
        SplittableRandom rng = new SplittableRandom(3);
        double truePeriod = 1e9 / trueRateHz;
        long taken = 0;
        long[] errors = new long[3000 * 16];
        int k = 0;
        for (int d = 0; d < 3000; d++) {
            long n = 16;
            taken += n;
            // The newest sample exists; the read happens somewhat after it, sometimes much later.
            double newest = (taken - 1) * truePeriod;
            double read = newest + rng.nextDouble() * truePeriod + (rng.nextInt(50) == 0 ? 20e6 : 0);
            long first = c.place((int) n, Math.round(read));
            for (int i = 0; i < n; i++) {
                double truth = (taken - n + i) * truePeriod;
                if (d >= 50) {
                    errors[k++] = Math.round(first + i * c.periodNanos() - truth);
                }
            }
        }
        long[] e = Arrays.copyOf(errors, k);
        long[] sorted = e.clone();
        Arrays.sort(sorted);
        long median = sorted[k / 2];
        for (int i = 0; i < k; i++) {
            e[i] = Math.abs(e[i] - median);
        }
        Arrays.sort(e);
        return e;
    }

    @Test
    void aChipRunningOffItsNominalRateIsFollowedWithoutLagOrDraggingByLateReads() {
        for (double actual : new double[]{400, 396, 404, 388, 412}) { // exact, 1 % and 3 % slow and fast
            SampleClock c = new SampleClock(400);
            long[] e = track(actual, c);
            assertThat(e[(int) (e.length * 0.99)]).as("p99 error at %s Hz", actual).isLessThan(P / 2);
            assertThat(c.periodNanos()).as("learnt period at %s Hz", actual).isCloseTo(Math.round(1e9 / actual),
                    Offset.offset(Math.round(1e9 / actual / 1000)));
        }
    }

    @Test
    void oneLateReadIsClampedButThreeInARowRestartTheSequence() {
        SampleClock c = new SampleClock(400);
        long t = 1_000_000_000L;
        for (int i = 0; i < 100; i++, t += 16 * P) { // settled: gains at their floor
            c.place(16, t);
        }
        long expected = t - P / 2 - 15 * P;
        // 1 s late: one such read moves the sequence by at most 2 periods / 16.
        long once = c.place(16, t + 1_000_000_000L);
        assertThat(Math.abs(once - expected)).isLessThanOrEqualTo(2 * P / 16 + 1000);
        t += 16 * P;
        c.place(16, t + 1_000_000_000L);
        long third = c.place(16, t + 16 * P + 1_000_000_000L);
        assertThat(third).as("samples went missing: start again from the measurement")
                .isEqualTo(t + 16 * P + 1_000_000_000L - P / 2 - 15 * P);
    }

    @Test
    void anImpossiblyEarlyMeasurementRestartsAtOnce() {
        SampleClock c = new SampleClock(400);
        c.place(16, 1_000_000_000L);
        long early = c.place(16, 900_000_000L);
        assertThat(early).isEqualTo(900_000_000L - P / 2 - 15 * P);
    }
}
