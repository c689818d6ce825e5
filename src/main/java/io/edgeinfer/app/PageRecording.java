package io.edgeinfer.app;

import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.InferenceObserver;
import io.edgeinfer.pipeline.Prediction;
import io.edgeinfer.web.Observation;
import io.edgeinfer.web.PipelineRecorder;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands every prediction of a pipeline to the device page's recorder, on the inference thread:
 * references to what the prediction already holds, no copies, no waiting.
 */
final class PageRecording implements InferenceObserver {
    private final PipelineRecorder recorder;

    PageRecording(PipelineRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void inferred(Prediction p) {
        if (p.result() == null) {
            return; // anomaly detection only: the page's prediction and timeline are the classifier's
        }
        Window w = p.window();
        ModelInfo m = p.model();
        recorder.record(new Observation(p.seq(), w.index(), w.endEpochMs(), p.result().label(), p.result().confidence(),
                p.result().scores(), w.dims(), w.data(), flags(w.flags()), w.origin(), p.totalNanos(), p
                        .inferenceNanos(),
                m.name(), m.version(), m.sha256()));
    }

    @Override
    public void failed(ModelInfo model, Window w) {
        recorder.failed(w.endEpochMs());
    }

    private static Set<String> flags(Set<SignalFlag> flags) {
        if (flags.isEmpty()) {
            return Set.of();
        }
        Set<String> keys = new HashSet<>();
        flags.forEach(f -> keys.add(f.key()));
        return keys;
    }
}
