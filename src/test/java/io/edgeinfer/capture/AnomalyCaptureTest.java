package io.edgeinfer.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.anomaly.AnomalyResult.Contributor;
import io.edgeinfer.anomaly.AnomalyResult.State;
import io.edgeinfer.anomaly.Signals;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.PostProcessor;
import io.edgeinfer.pipeline.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which anomaly results hand their window to the capture, and with what. */
class AnomalyCaptureTest {
    private static final ModelInfo MODEL = new ModelInfo("vib", "1", "0".repeat(64), 10, List.of("a", "b"));
    private final Window window = Signals.normal(1, 1).get(0);
    private final List<String> kept = new ArrayList<>();
    private final List<Map<String, Object>> details = new ArrayList<>();
    private final AnomalyCapture capture = new AnomalyCapture((reason, p, detail) -> {
        kept.add(reason + " " + p.seq());
        details.add(detail);
    });

    private void see(long seq, State state, boolean above, boolean alarm) {
        AnomalyResult r = new AnomalyResult(window.index(), state, above ? 9.0 : 1.0, 5.0, above, alarm, Set.of(), null,
                25.0, above ? List.of(new Contributor("z.env_bpfo", 7.5)) : List.of(), false, null, null);
        capture.inferred(new Prediction(seq, window, MODEL, new PostProcessor(MODEL.labels()).classify(new float[]{1,
                0}),
                0, 0, 0, 0, r));
    }

    @Test
    void keepsScoredWindowsAboveTheThresholdOnly() {
        see(0, State.NORMAL, false, false);
        see(1, State.NORMAL, true, false);
        see(2, State.ANOMALY, true, true);
        see(3, State.ANOMALY, false, true);
        see(4, State.LEARNING, true, false);
        capture.inferred(new Prediction(5, window, MODEL, new PostProcessor(MODEL.labels()).classify(new float[]{1, 0}),
                0, 0, 0, 0));
        assertThat(kept).containsExactly("anomaly 1", "anomaly 2");
        assertThat(details.get(1)).containsEntry("score", 9.0).containsEntry("threshold", 5.0).containsEntry("alarm",
                true)
                .containsEntry("top_features", List.of("z.env_bpfo"));
    }
}
