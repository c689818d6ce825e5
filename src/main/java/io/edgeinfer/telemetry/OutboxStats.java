package io.edgeinfer.telemetry;

/**
 * The hook for the MQTT delivery path's durable outbox: how many messages wait in it, and how many
 * it has had to drop. Until an outbox implements this, telemetry publishes {@code outbox_depth} and
 * {@code outbox_dropped_total} as null (docs/mqtt-api.md) rather than a number nobody measured.
 */
public interface OutboxStats {

    /** Messages stored and not yet acknowledged by the broker. */
    long depth();

    /** Messages dropped since start (outbox full). */
    long droppedTotal();

    /** {@code durable} or {@code memory} (the disk is full or failing); null where the outbox cannot tell. */
    default String mode() {
        return null;
    }

    /** Why the mode is {@code memory}; null when durable. */
    default String modeReason() {
        return null;
    }
}
