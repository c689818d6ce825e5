package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningPlanTest {
    @Test
    void aBudgetOfOneADayNeedsTwentyNineMinutesOfHalfOverlappingWindowsAtAnyRate() {
        LearningPlan demo = LearningPlan.of(Signals.config("", 400), 400, 256, 128);
        assertThat(demo.windowsPerDay()).isEqualTo(270_000);
        assertThat(demo.perWindowProbability()).isCloseTo(1 / 270_000.0, within(1e-12));
        assertThat(demo.windowsNeeded()).isEqualTo(5400);
        assertThat(demo.targetWindows()).isEqualTo(5400);
        LearningPlan fast = LearningPlan.of(Signals.config("", 12_000), 12_000, 2048, 1024);
        assertThat(fast.windowsNeeded()).isEqualTo(20_250);
        assertThat(fast.windowsNeeded() * 1024 / 12_000.0 / 60).isCloseTo(28.8, within(0.1));
    }

    @Test
    void aLaxBudgetStillWantsAThousandIndependentWindowsAndAStrictOneFarMore() {
        assertThat(LearningPlan.of(Signals.config("false_alarms_per_day: 100", 400), 400, 256, 256).windowsNeeded())
                .isEqualTo(1000);
        assertThat(LearningPlan.of(Signals.config("false_alarms_per_day: 0.01", 400), 400, 256, 128).windowsNeeded())
                .isEqualTo(540_000);
        LearningPlan own = LearningPlan.of(Signals.config("learn_windows: 300\nlearn_s: 600", 400), 400, 256, 128);
        assertThat(own.targetWindows()).isEqualTo(300);
        assertThat(own.learnS()).isEqualTo(600);
        assertThat(own.sufficient(300)).isFalse();
        assertThat(own.sufficient(5400)).isTrue();
    }
}
