package io.edgeinfer.app;

import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.StatusMessage;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.outbox.OutboxStats;
import io.edgeinfer.sensor.Health;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The retained {@code status} document, made fresh each time it is sent: {@code online} at every
 * connect and on every health change, {@code offline} as the will and at a clean stop.
 */
final class StatusMessages {
    private final Topics topics;
    private final String bootId;
    private final Clock clock;
    private final Supplier<ModelRunner> model;
    private final Health health;
    private final Supplier<OutboxStats> outbox;

    StatusMessages(Topics topics, String bootId, Clock clock, Supplier<ModelRunner> model, Health health,
            Supplier<OutboxStats> outbox) {
        this.topics = topics;
        this.bootId = bootId;
        this.clock = clock;
        this.model = model;
        this.health = health;
        this.outbox = outbox;
    }

    Publisher.Message online() {
        return message(StatusMessage.ONLINE);
    }

    Publisher.Message offline() {
        return message(StatusMessage.OFFLINE);
    }

    private Publisher.Message message(String state) {
        ModelRunner serving = model.get();
        ModelRef m = serving == null ? null : ModelRef.of(serving.info());
        Health.State h = health.state();
        StatusMessage s = new StatusMessage(state, bootId, Version.get(), topics.deviceId(), clock.millis(), m, h.key(),
                h.reason(), StatusMessage.Outbox.of(outbox.get()));
        return new Publisher.Message(topics.status(), Json.encode(s), true);
    }
}
