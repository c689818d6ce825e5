package io.edgeinfer.control.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.Prediction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthWatchTest {
    private static final ModelInfo OLD = new ModelInfo("m", "1", "a".repeat(64), 1, List.of("x", "y"));
    private static final ModelInfo NEW = new ModelInfo("m", "2", "b".repeat(64), 1, List.of("x", "y"));
    private static final Window W = new Window(0, 0, 0, 0, 1, 1, new float[1]);
    private static final ControlConfig.Rollback LIMITS = new ControlConfig.Rollback(3600, 0.05, 3.0, 1.0, 50);

    private ServingMonitor.Assessment serving = ServingMonitor.Assessment.ok(NEW.sha256());
    private long inFlightNanos;
    private long now;
    private final HealthWatch watch = new HealthWatch(() -> serving, () -> inFlightNanos, () -> now);

    private void infer(ModelInfo m, double ms, int n) {
        for (int i = 0; i < n; i++) {
            watch.inferred(new Prediction(i, W, m, new PostProcessor.Classification("x", 1, Map.of()), 0, (long) (ms
                    * 1e6), 0, 0));
        }
    }

    @Test
    void aModelThatFailsTooOftenIsCalledARegression() {
        infer(OLD, 0.2, 100);
        watch.start(NEW.sha256(), "r1", LIMITS, null, 0);
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
        watch.start(NEW.sha256(), "r2", LIMITS, null, 0);
        infer(NEW, 2.0, 100);
        assertThat(watch.check()).as("4x slower but within the 1 ms floor? no: 1.5 ms more, and over 3x").isNotNull()
                .satisfies(v -> assertThat(v.reason()).contains("is 4.0x the previous model's 0.500 ms"));
    }

    @Test
    void smallDifferencesAndWindowsOfTheOldModelDoNotCount() {
        infer(OLD, 0.1, 200);
        watch.start(NEW.sha256(), "r3", LIMITS, null, 0);
        infer(NEW, 0.5, 100);
        infer(OLD, 50, 10);
        watch.failed(OLD, W);
        assertThat(watch.check()).as("5x slower, but only 0.4 ms more than before: timer noise").isNull();
        assertThat(watch.watching()).isTrue();
    }

    @Test
    void aBudgetIsAnAbsoluteLimitAndAQuietWatchEnds() {
        watch.start(NEW.sha256(), "r4", LIMITS, 1.0, 0);
        infer(NEW, 1.5, 99);
        assertThat(watch.check()).as("a p99 of 99 windows is their slowest: one hiccup would decide").isNull();
        infer(NEW, 1.5, 1);
        assertThat(watch.check().reason()).contains("exceeds model.latency_budget_ms 1.0");
        watch.start(NEW.sha256(), "r5", new ControlConfig.Rollback(1, 0.05, 3.0, 1.0, 50), null, 0);
        infer(NEW, 0.2, 60);
        assertThat(watch.check()).as("a second to go").isNull();
        now += 1_000_000_000L;
        HealthWatch.Verdict v = watch.check();
        assertThat(v.regressed()).isFalse();
        assertThat(v.windows()).isEqualTo(60);
        watch.start(NEW.sha256(), "r6", new ControlConfig.Rollback(0, 0.05, 3.0, 1.0, 50), null, 0);
        assertThat(watch.watching()).as("watch_s 0 turns the watch off").isFalse();
    }

    @Test
    void aModelSlowerThanItsOwnValidationIsARegressionWithoutAPreviousP99() {
        watch.start(NEW.sha256(), "r7", LIMITS, null, 0.4);
        infer(NEW, 5.0, 100);
        assertThat(watch.check().reason()).contains("over 100 windows is 12.5x its own validation p99 0.400 ms");
    }

    @Test
    void aModelAsSlowAsItsValidationShowedIsNoRegressionThoughThePreviousOneWasFaster() {
        infer(OLD, 0.2, 200);
        watch.start(NEW.sha256(), "r10", LIMITS, null, 4.0);
        infer(NEW, 4.5, 100);
        assertThat(watch.check()).isNull();
        infer(NEW, 40, 5);
        assertThat(watch.check().reason()).contains("is 10.0x its own validation p99 4.000 ms");
    }

    @Test
    void aModelTheServingMonitorSeesFallBehindIsARegressionEvenBeforeMinWindows() {
        watch.start(NEW.sha256(), "r8", LIMITS, null, 0.4);
        infer(NEW, 0.3, 10);
        assertThat(watch.check()).isNull();
        serving = new ServingMonitor.Assessment(NEW.sha256(), ServingMonitor.Problem.BEHIND,
                "falls behind: 0.1 windows/s");
        HealthWatch.Verdict v = watch.check();
        assertThat(v.regressed()).isTrue();
        assertThat(v.reason()).isEqualTo("falls behind: 0.1 windows/s");
    }

    @Test
    void theWatchDoesNotPassWhileACallIsStuckAtItsEnd() {
        watch.start(NEW.sha256(), "r9", new ControlConfig.Rollback(1, 0.05, 3.0, 1.0, 50), null, 0.4);
        infer(NEW, 0.3, 60);
        now += 1_000_000_000L;
        inFlightNanos = 2_000_000_000L;
        assertThat(watch.check()).as("time is up, but the model is two seconds into one window").isNull();
        assertThat(watch.watching()).isTrue();
        inFlightNanos = 0;
        assertThat(watch.check().regressed()).isFalse();
    }
}
