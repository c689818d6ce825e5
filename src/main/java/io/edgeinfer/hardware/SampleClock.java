package io.edgeinfer.hardware;

/**
 * Acquisition times for samples drained from a chip's FIFO. The chip samples on its own clock, so
 * consecutive samples are one chip period apart no matter when Java reads them; the sequence only
 * needs an anchor and the chip's true period from the system clock. A drain of {@code n} samples at
 * time {@code t} holds samples up to about half a period before {@code t}: a noisy measurement of
 * where the sequence is. An alpha-beta filter follows it. Its gains start as a least-squares line
 * fit through the drains so far (the first drains settle anchor and period fast) and then stay at
 * 1/16 (position) and 1/496 (period, critically damped), so an oscillator a few percent fast or slow
 * is followed without lag while read-time jitter is averaged out.
 *
 * <p>A residual counts at most two periods: a read delayed between the FIFO count and the clock
 * reading (a preempted thread) makes one measurement late and must not drag the sequence. The
 * sequence restarts when the driver says samples were lost or the device reopened, when a
 * measurement is impossibly early (more than four periods), or when three in a row are more than
 * four periods late (samples went missing unannounced).
 */
final class SampleClock {
    private static final double MIN_ALPHA = 1.0 / 16;
    private static final double MIN_BETA = MIN_ALPHA * MIN_ALPHA / (2 - MIN_ALPHA);
    private static final int CLAMP_PERIODS = 2;
    private static final int RESTART_PERIODS = 4;

    private final double nominal;
    private double period;
    private double next = Double.NaN;
    private int lastCount;
    private long measurements;
    private int lateInARow;

    SampleClock(double rateHz) {
        this.nominal = 1e9 / rateHz;
        this.period = nominal;
    }

    /** The current estimate of the chip's sample period, in nanoseconds. */
    long periodNanos() {
        return Math.round(period);
    }

    /** Forgets the sequence and the period learnt: the next drain starts afresh. */
    void restart() {
        next = Double.NaN;
        period = nominal;
    }

    /**
     * The time of the first of {@code n} samples drained at {@code drainNanos} (epoch ns); the
     * others follow at {@link #periodNanos()}.
     */
    long place(int n, long drainNanos) {
        double measured = drainNanos - period / 2 - (n - 1) * period;
        double residual = measured - next;
        lateInARow = residual > RESTART_PERIODS * period ? lateInARow + 1 : 0;
        double first;
        if (Double.isNaN(next) || residual < -RESTART_PERIODS * period || lateInARow >= 3) {
            period = nominal;
            first = drainNanos - period / 2 - (n - 1) * period;
            measurements = 1;
            lateInARow = 0;
        } else {
            double r = Math.max(-CLAMP_PERIODS * period, Math.min(CLAMP_PERIODS * period, residual));
            long k = ++measurements;
            // Growing-memory gains (a least-squares line through k points), floored at steady state.
            double alpha = Math.max(MIN_ALPHA, 2.0 * (2 * k - 1) / (k * (k + 1.0)));
            double beta = Math.max(MIN_BETA, 6.0 / (k * (k + 1.0)));
            first = next + alpha * r;
            period += beta * r / lastCount;
        }
        lastCount = n;
        next = first + n * period;
        return Math.round(first);
    }
}
