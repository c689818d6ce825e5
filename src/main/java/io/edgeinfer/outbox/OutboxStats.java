package io.edgeinfer.outbox;

/**
 * The outbox at a glance, for telemetry and metrics.
 *
 * @param depth messages not yet acknowledged by the broker (committed or waiting for commit)
 * @param bytes payload bytes of those
 * @param droppedTotal messages dropped because the outbox hit its size or age bound
 * @param recovery what start-up found in a damaged store, or null if it opened cleanly
 */
public record OutboxStats(long depth, long bytes, long droppedTotal, Recovery recovery) {

    /**
     * A store that could not be opened as is was moved aside and read as far as possible.
     *
     * @param movedTo where the damaged file now lies
     * @param recovered messages copied into the fresh store
     * @param error why it was moved aside
     */
    public record Recovery(String movedTo, long recovered, String error) {}
}
