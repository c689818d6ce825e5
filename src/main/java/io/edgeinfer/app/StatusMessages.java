package io.edgeinfer.app;

import io.edgeinfer.mqtt.CaptureFigures;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.StatusMessage;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.outbox.OutboxStats;
import io.edgeinfer.sensor.Health;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The retained {@code status} document, made fresh each time it is sent: {@code online} at every
 * connect and on every health change, {@code offline} as the will and at a clean stop. It carries
 * every pipeline's model and health; the top-level fields of MQTT API v1 are the first pipeline's
 * model and the worst health of all.
 */
final class StatusMessages {
    private final Topics topics;
    private final String bootId;
    private final Clock clock;
    private final List<RunningPipeline> pipelines;
    private final Supplier<OutboxStats> outbox;
    private final Function<String, CaptureFigures.State> capture;

    /** @param capture a pipeline's capture state by its id, null for one that does not capture */
    StatusMessages(Topics topics, String bootId, Clock clock, List<RunningPipeline> pipelines,
            Supplier<OutboxStats> outbox, Function<String, CaptureFigures.State> capture) {
        this.topics = topics;
        this.bootId = bootId;
        this.clock = clock;
        this.pipelines = List.copyOf(pipelines);
        this.outbox = outbox;
        this.capture = capture;
    }

    Publisher.Message online() {
        return message(StatusMessage.ONLINE);
    }

    Publisher.Message offline() {
        return message(StatusMessage.OFFLINE);
    }

    private Publisher.Message message(String state) {
        List<StatusMessage.Pipeline> each = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (RunningPipeline p : pipelines) {
            Health.State h = p.health().state();
            each.add(new StatusMessage.Pipeline(p.id(), p.classifier().map(m -> ModelRef.of(m.info())).orElse(null), h
                    .key(), h.reason(), capture.apply(p.id()),
                    p.anomaly() == null ? null : p.anomaly().status()));
            if (h.degraded()) {
                reasons.add(pipelines.size() == 1 ? h.reason() : p.id() + ": " + h.reason());
            }
        }
        StatusMessage s = new StatusMessage(state, bootId, Version.get(), topics.deviceId(), clock.millis(),
                each.get(0).model(), reasons.isEmpty() ? "ok" : "degraded", reasons.isEmpty()
                        ? null
                        : String.join("; ", reasons),
                StatusMessage.Outbox.of(outbox.get()), each);
        return new Publisher.Message(topics.status(), Json.encode(s), true);
    }
}
