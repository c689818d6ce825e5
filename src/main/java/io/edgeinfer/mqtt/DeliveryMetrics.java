package io.edgeinfer.mqtt;

import io.edgeinfer.outbox.Outbox;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Prometheus meters of the delivery path: outbox depth and drops, link state, replays. */
public final class DeliveryMetrics implements MeterBinder {
    private final Outbox outbox;
    private final Publisher publisher;

    public DeliveryMetrics(Outbox outbox, Publisher publisher) {
        this.outbox = outbox;
        this.publisher = publisher;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("edgeinfer.outbox.depth", outbox, o -> o.stats().depth())
                .description("Messages waiting for a broker acknowledgement").register(registry);
        Gauge.builder("edgeinfer.outbox.bytes", outbox, o -> o.stats().bytes()).baseUnit("bytes")
                .description("Payload bytes waiting in the outbox").register(registry);
        FunctionCounter.builder("edgeinfer.outbox.dropped", outbox, o -> o.stats().droppedTotal())
                .description("Messages dropped because the outbox hit a bound").register(registry);
        Gauge.builder("edgeinfer.mqtt.connected", publisher, p -> p.isConnected() ? 1 : 0)
                .description("1 while connected to the broker").register(registry);
        FunctionCounter.builder("edgeinfer.mqtt.delivered", publisher, p -> p.deliveryStats().deliveredTotal())
                .description("Outbox messages acknowledged by the broker").register(registry);
        FunctionCounter.builder("edgeinfer.mqtt.replayed", publisher, p -> p.deliveryStats().replayedTotal())
                .description("Messages sent again from the backlog after a reconnect or restart").register(registry);
        FunctionCounter.builder("edgeinfer.mqtt.resent", publisher, p -> p.deliveryStats().resentTotal())
                .description("Messages sent again on the same connection because the broker left them unacknowledged")
                .register(registry);
        FunctionCounter.builder("edgeinfer.mqtt.transient.dropped", publisher, p -> p.deliveryStats()
                .transientDroppedTotal())
                .description("Telemetry messages dropped while the link was down or saturated").register(registry);
    }
}
