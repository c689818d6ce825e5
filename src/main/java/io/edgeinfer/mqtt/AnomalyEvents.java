package io.edgeinfer.mqtt;

import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.pipeline.InferenceObserver;
import io.edgeinfer.pipeline.Prediction;
import java.time.Clock;
import java.util.List;

/**
 * Raises and clears a pipeline's anomaly alarm on its own retained topic (docs/mqtt-api.md,
 * "anomaly"): one message when the alarm changes, and one at the first scored window after a start,
 * so the retained message never outlives the state it describes (the alarm does not survive a
 * restart; the baseline does). Runs on the inference thread: it only encodes and appends.
 *
 * <p>Events go through the durable outbox, in order with the predictions, and the wire publishes
 * them retained ({@link Topics#isRetainedDocument}): an alarm raised while the broker is away is
 * delivered once it is back, even if the process stopped in between.
 */
public final class AnomalyEvents implements InferenceObserver {
    private final Outbox outbox;
    private final String topic;
    private final String pipeline;
    private final String bootId;
    private final Clock clock;
    /** The alarm last published; null before the first. Inference thread only. */
    private Boolean published;

    /** The event: the alarm's new state and the window that changed it (its index and end, as in predictions). */
    public record Event(String pipeline, String bootId, long tsMs, boolean alarm, long window, long windowEndMs,
            String state,
            Double score, Double threshold, List<AnomalyMessage.TopFeature> topFeatures, Boolean novelCondition,
            AnomalyMessage.SeverityMessage severity) {
    }

    public AnomalyEvents(Outbox outbox, String topic, String pipeline, String bootId, Clock clock) {
        this.outbox = outbox;
        this.topic = topic;
        this.pipeline = pipeline;
        this.bootId = bootId;
        this.clock = clock;
    }

    @Override
    public void inferred(Prediction p) {
        AnomalyResult r = p.anomaly();
        // Learning and sensor faults say nothing about the alarm; the first scored window after a start does.
        if (r == null || (published == null && r.state() != AnomalyResult.State.NORMAL
                && r.state() != AnomalyResult.State.ANOMALY)) {
            return;
        }
        if (published != null && published == r.alarm()) {
            return;
        }
        published = r.alarm();
        AnomalyMessage m = AnomalyMessage.of(r);
        byte[] payload = Json.encode(new Event(pipeline, bootId, clock.millis(), r.alarm(), r.window(),
                p.window().endEpochMs(), m.state(),
                m.score(), m.threshold(), m.topFeatures(), m.novelCondition(),
                AnomalyMessage.SeverityMessage.of(r.severity())));
        outbox.append(topic, payload);
    }

    @Override
    public void failed(ModelInfo model, Window w) {
        // A failed window changes no alarm.
    }
}
