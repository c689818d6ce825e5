package io.edgeinfer.telemetry;

import io.edgeinfer.data.Quantiles;
import io.edgeinfer.telemetry.board.ThrottleFlags;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Flags an interval whose inference p99 degraded while the board was throttled (the rule of
 * docs/telemetry.md):
 *
 * <ol>
 *   <li>An interval is <em>throttled</em> when {@code get_throttled}, read at its end, has a "now"
 *       bit that holds the ARM clock down: frequency capped, throttled, or soft temperature limit.
 *   <li>An interval is <em>measured</em> when it has at least {@value #MIN_INFERENCES} inferences
 *       (a p99 of fewer is one sample's noise).
 *   <li>The <em>baseline</em> is the median inference p99 of the last {@value #BASELINE_INTERVALS}
 *       measured intervals that were not throttled; it needs {@value #MIN_BASELINE} of them.
 *   <li>A measured, throttled interval is <em>degraded</em> when its inference p99 exceeds
 *       {@code ratio} x baseline.
 * </ol>
 *
 * The verdict is false for an interval that is not throttled, and null when the board cannot tell
 * whether it is throttled, or it is throttled but the interval is not measured or has no baseline.
 */
final class ThrottleLatencyRule {
    static final int MIN_INFERENCES = 20;
    static final int BASELINE_INTERVALS = 10;
    static final int MIN_BASELINE = 3;

    private final double ratio;
    private final Deque<Double> unthrottled = new ArrayDeque<>();

    /** The interval's flag and the baseline it was judged against (null while there is none). */
    record Verdict(Boolean degraded, Double baselineMs) {
    }

    ThrottleLatencyRule(double ratio) {
        this.ratio = ratio;
    }

    /**
     * @param flags the throttling state at the interval's end, or null where the board cannot tell
     * @param p99Ms the interval's inference p99, null when it had no inference
     * @param inferences inferences in the interval
     */
    Verdict evaluate(ThrottleFlags flags, Double p99Ms, long inferences) {
        boolean measured = p99Ms != null && inferences >= MIN_INFERENCES;
        if (flags == null) {
            return new Verdict(null, baseline());
        }
        if (!flags.now().clockReduced()) {
            if (measured) {
                unthrottled.addLast(p99Ms);
                if (unthrottled.size() > BASELINE_INTERVALS) {
                    unthrottled.removeFirst();
                }
            }
            return new Verdict(false, baseline());
        }
        Double base = baseline();
        if (!measured || base == null) {
            return new Verdict(null, base);
        }
        return new Verdict(p99Ms > ratio * base, base);
    }

    private Double baseline() {
        if (unthrottled.size() < MIN_BASELINE) {
            return null;
        }
        return Quantiles.median(unthrottled.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Override
    public String toString() {
        return "ThrottleLatencyRule" + Arrays.toString(unthrottled.toArray());
    }
}
