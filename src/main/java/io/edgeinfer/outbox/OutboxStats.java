package io.edgeinfer.outbox;

/**
 * The outbox at a glance, for telemetry, status and metrics.
 *
 * @param depth messages not yet acknowledged by the broker (committed or waiting for commit)
 * @param bytes payload bytes of those
 * @param droppedTotal messages dropped because the outbox hit its size or age bound
 * @param mode {@link #DURABLE} (messages are on disk) or {@link #MEMORY} (in memory only: lost if
 *     the process stops)
 * @param modeReason why the mode is {@link #MEMORY} (e.g. {@code disk full}); null when durable
 * @param recovery what start-up found in a damaged store, or null if it opened cleanly
 */
public record OutboxStats(long depth, long bytes, long droppedTotal, String mode, String modeReason,
        Recovery recovery) {
    public static final String DURABLE = "durable";
    public static final String MEMORY = "memory";

    /**
     * A store that could not be opened as is was moved aside and read as far as possible.
     *
     * @param movedTo where the damaged file now lies
     * @param recovered messages copied into the fresh store
     * @param error why it was moved aside
     */
    public record Recovery(String movedTo, long recovered, String error) {
    }
}
