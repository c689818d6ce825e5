package io.edgeinfer.control;

/** Asks the Sparkplug B edge node to publish its birth certificates again ({@code cmd/rebirth}). */
@FunctionalInterface
public interface Rebirth {
    void rebirth() throws Exception;
}
