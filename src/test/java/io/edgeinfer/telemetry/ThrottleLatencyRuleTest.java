package io.edgeinfer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.telemetry.board.ThrottleFlags;
import org.junit.jupiter.api.Test;

class ThrottleLatencyRuleTest {
    private static final ThrottleFlags CLEAR = ThrottleFlags.parse("throttled=0x0");
    private static final ThrottleFlags CAPPED = ThrottleFlags.parse("throttled=0x20002");
    private static final ThrottleFlags UNDER_VOLTAGE_ONLY = ThrottleFlags.parse("throttled=0x10001");
    private static final ThrottleFlags WAS_THROTTLED = ThrottleFlags.parse("throttled=0xe0000");
    private static final int N = ThrottleLatencyRule.MIN_INFERENCES;

    private final ThrottleLatencyRule rule = new ThrottleLatencyRule(1.5);

    private void baseline(double... p99s) {
        for (double p : p99s) {
            assertThat(rule.evaluate(CLEAR, p, N).degraded()).isFalse();
        }
    }

    @Test
    void throttledIntervalAboveRatioTimesTheMedianBaselineIsDegraded() {
        baseline(1.0, 1.2, 4.0); // median 1.2: one noisy interval does not move it
        ThrottleLatencyRule.Verdict v = rule.evaluate(CAPPED, 1.81, N);
        assertThat(v.baselineMs()).isEqualTo(1.2);
        assertThat(v.degraded()).isTrue();
        assertThat(rule.evaluate(CAPPED, 1.79, N).degraded()).as("1.79 < 1.5 x 1.2").isFalse();
    }

    @Test
    void slowButNotThrottledIsNeverFlaggedAndFeedsTheBaseline() {
        baseline(1.0, 1.0, 1.0);
        assertThat(rule.evaluate(CLEAR, 9.0, N).degraded()).isFalse();
        assertThat(rule.evaluate(CLEAR, 9.0, N).baselineMs()).isEqualTo(1.0);
        assertThat(rule.evaluate(CLEAR, 9.0, N).baselineMs()).as("median of 1,1,1,9,9,9").isEqualTo(5.0);
    }

    @Test
    void onlyTheNowBitsThatHoldTheClockDownCountAsThrottled() {
        baseline(1.0, 1.0, 1.0);
        assertThat(rule.evaluate(UNDER_VOLTAGE_ONLY, 5.0, N).degraded()).isFalse();
        assertThat(rule.evaluate(WAS_THROTTLED, 5.0, N).degraded()).as("since-boot bits are history").isFalse();
    }

    @Test
    void unknownWhereTheBoardCannotTellOrTheEvidenceIsThin() {
        assertThat(rule.evaluate(null, 5.0, N).degraded()).as("no vcgencmd").isNull();
        assertThat(rule.evaluate(CAPPED, 5.0, N).degraded()).as("no baseline yet").isNull();
        baseline(1.0, 1.0);
        assertThat(rule.evaluate(CAPPED, 5.0, N).degraded()).as("two baseline intervals are not enough").isNull();
        baseline(1.0);
        assertThat(rule.evaluate(CAPPED, 5.0, N - 1).degraded()).as("too few inferences for a p99").isNull();
        assertThat(rule.evaluate(CAPPED, null, 0).degraded()).isNull();
        assertThat(rule.evaluate(CAPPED, 5.0, N).degraded()).isTrue();
    }

    @Test
    void thinUnthrottledIntervalsDoNotEnterTheBaseline() {
        rule.evaluate(CLEAR, 1.0, N - 1);
        rule.evaluate(CLEAR, 1.0, N - 1);
        rule.evaluate(CLEAR, 1.0, N - 1);
        assertThat(rule.evaluate(CLEAR, 1.0, N - 1).baselineMs()).isNull();
    }

    @Test
    void theBaselineKeepsOnlyTheLastTenIntervals() {
        for (int i = 0; i < ThrottleLatencyRule.BASELINE_INTERVALS; i++) {
            rule.evaluate(CLEAR, 10.0, N);
        }
        for (int i = 0; i < ThrottleLatencyRule.BASELINE_INTERVALS; i++) {
            rule.evaluate(CLEAR, 1.0, N);
        }
        assertThat(rule.evaluate(CAPPED, 2.0, N).baselineMs()).isEqualTo(1.0);
    }
}
