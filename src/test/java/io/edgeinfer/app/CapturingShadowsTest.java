package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.capture.PipelineCapture;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.FakeModelRunner;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.Prediction;
import io.edgeinfer.pipeline.shadow.ShadowRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root's join of the fleet agent's shadows and capture: which shadow runners feed which capture. */
class CapturingShadowsTest {
    private static final List<String> LABELS = List.of("normal", "imbalance", "misalignment", "bearing_fault");
    private static final ModelInfo CANDIDATE = new ModelInfo("candidate", "2.0.0", "c".repeat(64), 0, LABELS);

    @TempDir
    Path dir;

    private final Map<String, PipelineCapture> captures = new HashMap<>();
    private final List<ShadowRunner> made = new ArrayList<>();

    @AfterEach
    void close() {
        made.forEach(ShadowRunner::close);
        captures.values().forEach(PipelineCapture::close);
    }

    /** Pipelines {@code keeps} (shadow_disagreement on), {@code ignores} (off) and {@code plain} (no capture). */
    private CapturingShadows shadows() throws Exception {
        String capture = "{enabled: true, min_free_bytes: 0, rate_per_min: {shadow_disagreement: 100000}, dir: %s, "
                + "shadow_disagreement: %s}";
        DaemonConfig config = TestConfigs.parse("""
                device_id: d
                pipelines:
                  - id: keeps
                    model: {path: models/vibration_int8.pt}
                    capture: %s
                  - id: ignores
                    model: {path: models/vibration_int8.pt}
                    capture: %s
                  - id: plain
                    model: {path: models/vibration_int8.pt}
                """.formatted(capture.formatted(dir.resolve("keeps"), true), capture.formatted(dir.resolve(
                "ignores"), false)));
        for (PipelineSpec p : config.pipelines()) {
            if (p.capture().enabled()) {
                PipelineCapture c = new PipelineCapture(p, "d", "boot", Clock.systemUTC(), System::nanoTime);
                c.start();
                captures.put(p.id(), c);
            }
        }
        // The runner answers on the calling thread, so each window is compared before inferred() returns.
        return new CapturingShadows((candidate, pipeline) -> new ShadowRunner(candidate, 16, Runnable::run),
                captures::get);
    }

    /** A candidate that always names bearing_fault. */
    private ShadowRunner shadowOn(CapturingShadows shadows, String pipeline) {
        ShadowRunner r = shadows.create(new FakeModelRunner(CANDIDATE, w -> new float[]{0, 0, 0, 9}), pipeline);
        made.add(r);
        return r;
    }

    /** The serving model's confident {@code label} on window {@code seq}. */
    private static Prediction serving(long seq, int label) {
        float[] data = new float[3 * 8];
        long end = System.currentTimeMillis() * 1_000_000;
        Window w = new Window(seq, end - 20_000_000, end, System.nanoTime(), 3, 8, data);
        Map<String, Double> scores = new HashMap<>();
        LABELS.forEach(l -> scores.put(l, 0.01));
        scores.put(LABELS.get(label), 0.97);
        return new Prediction(seq, w, new ModelInfo("serving", "1.0.0", "a".repeat(64), 0, LABELS),
                new PostProcessor.Classification(LABELS.get(label), 0.97, scores), 0, 0, 0, 0);
    }

    @Test
    void aShadowOnAPipelineThatKeepsDisagreementsHandsItsCaptureEveryWindowItLabelsDifferently() throws Exception {
        ShadowRunner shadow = shadowOn(shadows(), "keeps");
        shadow.inferred(serving(1, 0));
        shadow.inferred(serving(2, 3));
        shadow.inferred(serving(3, 1));
        assertThat(shadow.compared()).isEqualTo(3);
        PipelineCapture keeps = captures.get("keeps");
        await().atMost(Duration.ofSeconds(10)).until(() -> keeps.stats().figures().items() == 2);
        assertThat(keeps.stats().figures().keptTotal()).isEqualTo(2);
        assertThat(keeps.stats().figures().keptByReason()).containsEntry("shadow_disagreement", 2L);
    }

    @Test
    void aShadowWhereCaptureIgnoresDisagreementsOrDoesNotRunFeedsNoCapture() throws Exception {
        CapturingShadows shadows = shadows();
        ShadowRunner ignored = shadowOn(shadows, "ignores");
        ShadowRunner plain = shadowOn(shadows, "plain");
        ignored.inferred(serving(1, 0));
        plain.inferred(serving(1, 0));
        shadowOn(shadows, "keeps").inferred(serving(1, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> captures.get("keeps").stats().figures().items() == 1);
        assertThat(ignored.compared()).isEqualTo(1);
        assertThat(plain.compared()).isEqualTo(1);
        assertThat(captures.get("ignores").stats().figures().keptTotal()).isZero();
        assertThat(captures.get("ignores").stats().figures().items()).isZero();
    }
}
