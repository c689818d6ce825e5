package io.edgeinfer.mqtt;

import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.InferenceObserver;
import io.edgeinfer.pipeline.Prediction;
import java.time.Clock;
import java.util.List;

/**
 * Raises and clears a pipeline's anomaly alarm on its own retained topic (docs/mqtt-api.md,
 * "anomaly"): one message when the alarm changes, and one at the first scored window after a start,
 * so the retained message never outlives the state it describes (the alarm does not survive a
 * restart; the baseline does). Runs on the inference thread: it only encodes and queues.
 *
 * <p>The publisher drops what it is handed while it is not connected (at a start, before the first
 * connection, or during an outage), so the last event is handed again at every connection
 * ({@link #republish}); without that an alarm raised offline would never reach the retained topic,
 * which would keep saying the alarm is off.
 */
public final class AnomalyEvents implements InferenceObserver {
    private final Publisher publisher;
    private final String topic;
    private final String pipeline;
    private final String bootId;
    private final Clock clock;
    /** The alarm last published; null before the first. Inference thread only. */
    private Boolean published;
    /** The last event's payload, null before the first; guarded by this, as is its publishing (so in order). */
    private byte[] last;

    /** The event: the alarm's new state and the window that changed it (its index and end, as in predictions). */
    public record Event(String pipeline, String bootId, long tsMs, boolean alarm, long window, long windowEndMs,
            String state,
            Double score, Double threshold, List<AnomalyMessage.TopFeature> topFeatures, Boolean novelCondition,
            AnomalyMessage.SeverityMessage severity) {
    }

    public AnomalyEvents(Publisher publisher, String topic, String pipeline, String bootId, Clock clock) {
        this.publisher = publisher;
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
        synchronized (this) {
            last = payload;
            publisher.publish(topic, payload, true);
        }
    }

    /** Hands the last event to the publisher again (at a connection); nothing before the first. Any thread. */
    public synchronized void republish() {
        if (last != null) {
            publisher.publish(topic, last, true);
        }
    }

    @Override
    public void failed(ModelInfo model, Window w) {
        // A failed window changes no alarm.
    }
}
