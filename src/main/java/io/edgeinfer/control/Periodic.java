package io.edgeinfer.control;

/** Work the control thread does every half second between commands (the health watch, transfer expiry). */
@FunctionalInterface
public interface Periodic {
    /** @return an answer nobody asked for to publish on {@code cmd/result} (an automatic rollback), or null */
    CommandResult tick();
}
