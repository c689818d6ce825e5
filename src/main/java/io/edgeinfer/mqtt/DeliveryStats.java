package io.edgeinfer.mqtt;

/**
 * The delivery path at a glance, for metrics and tests.
 *
 * @param deliveredTotal outbox records the broker acknowledged
 * @param replayedTotal records sent again from the backlog after a reconnect or restart
 * @param resentTotal records sent again on the same connection because the broker left them
 *     unacknowledged too long (flagged {@code replayed} too)
 * @param transientDroppedTotal non-durable messages (telemetry) dropped: link down, window full,
 *     or never acknowledged
 * @param inFlight unacknowledged publishes on the current connection
 * @param backlogDone the current connection has sent its backlog (nothing left to replay)
 */
public record DeliveryStats(
        long deliveredTotal, long replayedTotal, long resentTotal, long transientDroppedTotal, int inFlight,
        boolean backlogDone) {

    /** Nothing delivered yet, not connected. */
    public static final DeliveryStats NONE = new DeliveryStats(0, 0, 0, 0, 0, false);
}
