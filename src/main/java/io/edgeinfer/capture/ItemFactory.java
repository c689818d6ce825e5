package io.edgeinfer.capture;

import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.model.Window;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.pipeline.Prediction;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Makes the item to keep from a chosen prediction: on the capture thread (a frame's JPEG encoding takes a while). */
final class ItemFactory {
    private final String deviceId;
    private final String pipeline;
    private final String bootId;
    private final InputShape shape;

    ItemFactory(String deviceId, String pipeline, String bootId, InputShape shape) {
        this.deviceId = deviceId;
        this.pipeline = pipeline;
        this.bootId = bootId;
        this.shape = shape;
    }

    CaptureItem make(String id, Intake.Candidate c) throws IOException {
        Prediction p = c.prediction();
        Window w = p.window();
        List<String> flags = w.flags().stream().map(SignalFlag::key).sorted().toList();
        return new CaptureItem(CaptureItem.FORMAT, id, deviceId, pipeline, bootId, p.seq(), w.endEpochMs(),
                w.startEpochMs(), c.reasons(), answer(p), p.model() == null ? null : ModelRef.of(p.model()), flags, w
                        .origin(), input(w));
    }

    /** The classifier's answer, or null for a pipeline without one (its item has no model either). */
    private static CaptureItem.Answer answer(Prediction p) {
        if (p.result() == null) {
            return null;
        }
        Map<String, Double> scores = p.result().scores();
        return new CaptureItem.Answer(p.result().label(), p.result().confidence(),
                PredictionRules.margin(scores, p.result().confidence()), scores);
    }

    private CaptureItem.Input input(Window w) throws IOException {
        int[] dims = w.dims();
        if (shape.image() != null && dims.length == 3 && dims[0] == 3) {
            return CaptureItem.Input.image(dims, FrameJpeg.encode(w.data(), dims[1], dims[2], shape.image()));
        }
        return CaptureItem.Input.window(dims, shape.channels(), w.data());
    }
}
