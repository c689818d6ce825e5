package io.edgeinfer.control.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.Prediction;
import io.edgeinfer.model.Window;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthWatchTest {
    private static final ModelInfo OLD = new ModelInfo("m", "1", "a".repeat(64), 1, List.of("x", "y"));
    private static final ModelInfo NEW = new ModelInfo("m", "2", "b".repeat(64), 1, List.of("x", "y"));
    private static final Window W = new Window(0, 0, 0, 0, 1, 1, new float[1]);
    private static final ControlConfig.Rollback LIMITS = new ControlConfig.Rollback(3600, 0.05, 3.0, 1.0, 50);

    private final HealthWatch watch = new HealthWatch();

    private void infer(ModelInfo m, double ms, int n) {
        for (int i = 0; i < n; i++) {
            watch.inferred(new Prediction(i, W, m, new PostProcessor.Classification("x", 1, Map.of()), 0, (long) (ms * 1e6), 0, 0));
        }
    }

    @Test
    void aModelThatFailsTooOftenIsCalledARegression() {
        infer(OLD, 0.2, 100);
        watch.start(NEW.sha256(), "r1", LIMITS, null);
        infer(NEW, 0.2, 40);
        for (int i = 0; i < 9; i++) {
            watch.failed(NEW, W);
        }
        assertThat(watch.check()).as("49 windows: too few to judge").isNull();
        watch.failed(NEW, W);
        HealthWatch.Verdict v = watch.check();
        assertThat(v.regressed()).isTrue();
        assertThat(v.requestId()).isEqualTo("r1");
        assertThat(v.reason()).contains("error rate 20.0 % over 50 windows");
        assertThat(watch.watching()).isFalse();
    }

    @Test
    void aSlowerModelIsComparedWithThePreviousOnesP99() {
        infer(OLD, 0.5, 200);
        watch.start(NEW.sha256(), "r2", LIMITS, null);
        infer(NEW, 2.0, 100);
        assertThat(watch.check()).as("4x slower but within the 1 ms floor? no: 1.5 ms more, and over 3x").isNotNull()
                .satisfies(v -> assertThat(v.reason()).contains("is 4.0x the previous model's 0.500 ms"));
    }

    @Test
    void smallDifferencesAndWindowsOfTheOldModelDoNotCount() {
        infer(OLD, 0.1, 200);
        watch.start(NEW.sha256(), "r3", LIMITS, null);
        infer(NEW, 0.5, 100);
        infer(OLD, 50, 10);
        watch.failed(OLD, W);
        assertThat(watch.check()).as("5x slower, but only 0.4 ms more than before: timer noise").isNull();
        assertThat(watch.watching()).isTrue();
    }

    @Test
    void aBudgetIsAnAbsoluteLimitAndAQuietWatchEnds() {
        watch.start(NEW.sha256(), "r4", LIMITS, 1.0);
        infer(NEW, 1.5, 60);
        assertThat(watch.check().reason()).contains("exceeds model.latency_budget_ms 1.0");
        watch.start(NEW.sha256(), "r5", new ControlConfig.Rollback(0.001, 0.05, 3.0, 1.0, 50), null);
        infer(NEW, 0.2, 60);
        HealthWatch.Verdict v = watch.check();
        assertThat(v.regressed()).isFalse();
        assertThat(v.windows()).isEqualTo(60);
        watch.start(NEW.sha256(), "r6", new ControlConfig.Rollback(0, 0.05, 3.0, 1.0, 50), null);
        assertThat(watch.watching()).as("watch_s 0 turns the watch off").isFalse();
    }
}
