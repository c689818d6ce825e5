package io.edgeinfer.sensor;

/**
 * The port for a digital input that says when to infer: a machine-running signal, a light barrier
 * on a conveyor. Debounced; times are epoch nanoseconds of the (debounced) changes.
 */
public interface TriggerInput extends AutoCloseable {

    /** Opens the input (retrying in the background if it cannot yet). */
    void start();

    /** Since when the input has been continuously active, or {@link Long#MAX_VALUE} while inactive. */
    long activeSince();

    /** When the input last became active, or {@link Long#MIN_VALUE} if it never did. */
    long lastActivation();

    /** Releases the input. Idempotent. */
    @Override
    void close();
}
