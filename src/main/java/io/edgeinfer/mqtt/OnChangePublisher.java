package io.edgeinfer.mqtt;

import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.model.ModelInfo;
import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.pipeline.Prediction;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code publish.mode: on_change}, report by exception: a prediction is published when it differs
 * from the last one published (another label, a top score more than {@code publish.deadband} away,
 * other signal flags, another model, and with the anomaly stage on another anomaly state or alarm),
 * and otherwise at least every {@code publish.heartbeat_s}.
 * Each message says how many predictions were suppressed since the previous one; a clean stop
 * publishes the last suppressed prediction, so the count adds up to the last {@code seq}.
 *
 * <p>The deadband is measured against the last <em>published</em> score, not the last seen, so a
 * slow drift is reported once it has moved that far in total.
 */
public final class OnChangePublisher implements PublishingSink {
    private final Outbox outbox;
    private final String topic;
    private final String bootId;
    private final String pipeline;
    private final double deadband;
    private final long heartbeatNanos;
    private final LongSupplier nanoTime;

    private Published last;
    private long lastAt;
    private long suppressed;
    private Prediction held;

    /**
     * What a published prediction is compared with: label, score and model are null (NaN) for a pipeline without a
     * classifier, the anomaly state null without an anomaly stage.
     */
    private record Published(String label, double confidence, Set<SignalFlag> flags, ModelInfo model,
            AnomalyResult.State anomalyState, boolean alarm) {
        static Published of(Prediction p) {
            AnomalyResult a = p.anomaly();
            return new Published(p.result() == null ? null : p.result().label(),
                    p.result() == null ? Double.NaN : p.result().confidence(), p.window().flags(), p.model(),
                    a == null ? null : a.state(), a != null && a.alarm());
        }
    }

    /** @param nanoTime a monotonic clock ({@link System#nanoTime}; tests move their own) */
    public OnChangePublisher(Outbox outbox, String topic, String bootId, String pipeline, double deadband,
            double heartbeatS, LongSupplier nanoTime) {
        this.outbox = outbox;
        this.topic = topic;
        this.bootId = bootId;
        this.pipeline = pipeline;
        this.deadband = deadband;
        this.heartbeatNanos = Math.round(heartbeatS * TimeUnit.SECONDS.toNanos(1));
        this.nanoTime = nanoTime;
    }

    /** On the inference thread; synchronized only against {@link #close} after a stop that timed out. */
    @Override
    public synchronized void accept(Prediction p) {
        long now = nanoTime.getAsLong();
        if (last == null || changed(p) || now - lastAt >= heartbeatNanos) {
            publish(p, suppressed);
            lastAt = now;
        } else {
            suppressed++;
            held = p;
        }
    }

    private boolean changed(Prediction p) {
        Published now = Published.of(p);
        return !Objects.equals(now.label(), last.label())
                || Math.abs(now.confidence() - last.confidence()) > deadband // false for NaN: no classifier
                || !now.flags().equals(last.flags())
                || !sameModel(now.model(), last.model())
                || now.anomalyState() != last.anomalyState()
                || now.alarm() != last.alarm();
    }

    private static boolean sameModel(ModelInfo a, ModelInfo b) {
        if (a == null || b == null) {
            return a == b; // both null: a pipeline without a classifier
        }
        return a.sha256().equals(b.sha256()) && a.name().equals(b.name()) && a.version().equals(b.version());
    }

    private void publish(Prediction p, long before) {
        outbox.append(topic, Json.encode(PredictionMessage.of(p, bootId, pipeline, before)));
        last = Published.of(p);
        suppressed = 0;
        held = null;
    }

    /** Publishes the last suppressed prediction, if any, so the stream ends on its last {@code seq}. */
    @Override
    public synchronized void close() {
        if (held != null) {
            publish(held, suppressed - 1);
        }
    }
}
