package io.edgeinfer.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.CaptureConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pipeline's own reasons, and the rate limit every reason has. */
class PredictionRulesTest {
    @Test
    void aLowTopScoreOrASmallMarginIsChosenAConfidentAnswerIsNot() {
        PredictionRules r = new PredictionRules(CaptureConfig.of(Map.of("min_confidence", 0.6, "min_margin", 0.3)), 1);
        assertThat(r.reasons(Predictions.sure(0, 1))).isNull();
        assertThat(r.reasons(Predictions.of(1, 0.5, 0.45, 0.03, 0.02))).containsExactly("low_confidence", "low_margin");
        assertThat(r.reasons(Predictions.of(2, 0.62, 0.36, 0.01, 0.01))).containsExactly("low_margin");
    }

    @Test
    void aLabelTheModelRarelyGivesIsChosenOnceEnoughPredictionsAreSeen() {
        PredictionRules r = new PredictionRules(CaptureConfig.of(Map.of("rare_label_share", 0.1, "rare_label_window",
                100)), 1);
        for (int i = 0; i < 19; i++) {
            assertThat(r.reasons(Predictions.sure(i, 0))).as("not judged before 20 predictions").isNull();
        }
        assertThat(r.reasons(Predictions.sure(19, 3))).isNull();
        assertThat(r.reasons(Predictions.sure(20, 3))).containsExactly("rare_label");
        assertThat(r.reasons(Predictions.sure(21, 0))).isNull();
    }

    @Test
    void theRandomSampleKeepsAboutItsShare() {
        PredictionRules r = new PredictionRules(CaptureConfig.of(Map.of("sample_rate", 0.1)), 7);
        int chosen = 0;
        for (int i = 0; i < 10_000; i++) {
            chosen += r.reasons(Predictions.sure(i, 0)) == null ? 0 : 1;
        }
        assertThat(chosen).isBetween(900, 1100);
    }

    @Test
    void withoutAClassifierOnlyTheRandomSampleIsJudged() {
        PredictionRules r = new PredictionRules(CaptureConfig.of(Map.of("sample_rate", 0.5)), 7);
        int chosen = 0;
        for (int i = 0; i < 1000; i++) {
            var reasons = r.reasons(Predictions.withoutClassifier(i));
            if (reasons != null) {
                assertThat(reasons).containsExactly("sample");
                chosen++;
            }
        }
        assertThat(chosen).isBetween(400, 600);
    }

    @Test
    void eachReasonHasItsOwnBucketRefilledAtItsRate() {
        AtomicLong now = new AtomicLong();
        RateLimits limits = new RateLimits(Map.of("low_confidence", 2.0, "sample", 60.0), now::get);
        assertThat(limits.take("low_confidence")).isTrue();
        assertThat(limits.take("low_confidence")).isTrue();
        assertThat(limits.take("low_confidence")).isFalse();
        assertThat(limits.take("sample")).isTrue();
        assertThat(limits.take("anything_else")).isFalse();
        now.addAndGet(30_000_000_000L); // half a minute: one more of two a minute
        assertThat(limits.take("low_confidence")).isTrue();
        assertThat(limits.take("low_confidence")).isFalse();
    }
}
