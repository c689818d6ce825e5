package io.edgeinfer.hardware;

/**
 * Acquisition times for samples drained from a chip's FIFO. The chip samples on its own clock, so
 * consecutive samples are one period apart no matter when Java reads them; only the anchor of the
 * sequence has to come from the system clock. A drain of {@code n} samples at time {@code t} holds
 * samples up to about half a period before {@code t}; the estimate of the sequence is pulled
 * towards that by 1/16 of the error per drain, which follows a chip oscillator that runs a little
 * fast or slow without passing read-time jitter on to the timestamps. A jump of more than a few
 * periods (lost samples, a reopened device) restarts the sequence.
 */
final class SampleClock {
    private static final int SLEW = 16;
    private static final int RESTART_PERIODS = 4;

    private final long periodNanos;
    private long next = Long.MIN_VALUE;

    SampleClock(double rateHz) {
        this.periodNanos = Math.round(1e9 / rateHz);
    }

    long periodNanos() {
        return periodNanos;
    }

    /** Forgets the sequence: the next drain starts a new one. */
    void restart() {
        next = Long.MIN_VALUE;
    }

    /**
     * The time of the first of {@code n} samples drained at {@code drainNanos} (epoch ns); the
     * others follow at {@link #periodNanos()}.
     */
    long place(int n, long drainNanos) {
        long estimate = drainNanos - periodNanos / 2 - (long) (n - 1) * periodNanos;
        long first;
        if (next == Long.MIN_VALUE || Math.abs(estimate - next) > RESTART_PERIODS * periodNanos) {
            first = estimate;
        } else {
            first = next + (estimate - next) / SLEW;
        }
        next = first + (long) n * periodNanos;
        return first;
    }
}
