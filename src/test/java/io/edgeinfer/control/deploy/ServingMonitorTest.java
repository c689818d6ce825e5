package io.edgeinfer.control.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.sensor.Health;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The light watch on whatever model serves: pipeline counters in (as {@link Throughput} samples the
 * test makes up, half a second apart), the device's health out.
 */
class ServingMonitorTest {
    private static final ModelInfo BOOT = new ModelInfo("vibration-mlp", "1.0.0", "a".repeat(64), 1, List.of("x", "y"));
    private static final ModelInfo PUSHED = new ModelInfo("vibration-mlp", "2.0.0", "b".repeat(64), 1, List.of("x",
            "y"));
    private static final long HALF_S = TimeUnit.MILLISECONDS.toNanos(500);

    private final Health health = new Health();
    private final List<Health.State> published = new ArrayList<>();
    private ModelInfo serving = BOOT;
    private Throughput next = new Throughput(0, 0, 0, 0, 0, 0, 0);
    private final ServingMonitor monitor = new ServingMonitor(() -> next, () -> serving, health, () -> 0.05);

    ServingMonitorTest() {
        health.onChange(published::add);
    }

    /** Half a second of pipeline: windows arrive, some are inferred (some of those fail), some dropped. */
    private void halfSecond(int arrived, int done, int failed, int dropped, double busyShare, int queued) {
        next = new Throughput(next.nanos() + HALF_S, next.windows() + arrived, next.done() + done, next.failed()
                + failed,
                next.dropped() + dropped, next.busyNanos() + (long) (busyShare * HALF_S), queued);
        monitor.run();
    }

    private void seconds(double s, int arrived, int done, int failed, int dropped, double busyShare, int queued) {
        for (int i = 0; i < s * 2; i++) {
            halfSecond(arrived, done, failed, dropped, busyShare, queued);
        }
    }

    @Test
    void aModelThatKeepsUpAndAnswersLeavesHealthOk() {
        seconds(20, 6, 6, 0, 0, 0.01, 0);
        assertThat(health.state()).isEqualTo(Health.State.OK);
        assertThat(monitor.assessment().ok()).isTrue();
    }

    @Test
    void aModelThatOutputsNanDegradesHealthWhileItLastsWithAReasonThatStaysPut() {
        monitor.failed(BOOT, Window.of(7, new int[]{1}, new float[1]),
                new InferenceException("model output is not finite on window 7: logit 0 of 2 is NaN", null));
        seconds(5, 6, 6, 6, 0, 0.01, 0);
        assertThat(health.state()).as("less than 5 s of counts are too few to judge").isEqualTo(Health.State.OK);
        halfSecond(6, 6, 6, 0, 0.01, 0);
        assertThat(health.state().degraded()).isTrue();
        assertThat(health.state().reason()).isEqualTo("model vibration-mlp 1.0.0 fails on 60 of 60 windows in the last "
                + "5 s (model output is not finite on window 7: logit 0 of 2 is NaN); nothing is published for them");
        seconds(10, 6, 6, 6, 0, 0.01, 0);
        assertThat(published).as("one status for the whole episode, not one per check").hasSize(1);
        seconds(15, 6, 6, 0, 0, 0.01, 0);
        assertThat(health.state()).isEqualTo(Health.State.OK);
        assertThat(published).hasSize(2);
    }

    @Test
    void aModelThatStallsFallsBehindAndDegradesHealth() {
        // ~11 s per call: nothing done for seconds, every window dropped, the inference thread never idle.
        seconds(5, 6, 0, 0, 6, 1.0, 16);
        halfSecond(6, 0, 0, 6, 1.0, 16);
        assertThat(health.state().degraded()).isTrue();
        assertThat(health.state().reason()).isEqualTo(
                "model vibration-mlp 1.0.0 falls behind: 0.0 windows/s inferred while "
                        + "12.0/s arrive, 60 dropped in the last 5 s (inference busy 100 %)");
        assertThat(monitor.assessment().problem()).isEqualTo(ServingMonitor.Problem.BEHIND);
    }

    @Test
    void aBusyModelWithNothingWaitingAndAnIdleOneWithoutInputAreNotBehind() {
        seconds(15, 6, 6, 0, 0, 0.97, 0);
        seconds(15, 0, 0, 0, 0, 0.0, 0);
        assertThat(health.state()).isEqualTo(Health.State.OK);
    }

    @Test
    void aNewModelIsJudgedOnItsOwnWindowsOnly() {
        seconds(10, 6, 6, 6, 0, 0.01, 0);
        assertThat(monitor.assessment().problem()).isEqualTo(ServingMonitor.Problem.FAILING);
        serving = PUSHED;
        halfSecond(6, 6, 0, 0, 0.01, 0);
        assertThat(health.state()).as("the failing model is gone").isEqualTo(Health.State.OK);
        assertThat(monitor.assessment().sha256()).isEqualTo(PUSHED.sha256());
        seconds(10, 6, 6, 0, 0, 0.01, 0);
        assertThat(health.state()).isEqualTo(Health.State.OK);
    }
}
