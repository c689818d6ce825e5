package io.edgeinfer.app;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What runs each time the sender connects, as its birth is made: the flag Home Assistant's announcer
 * reads. (Retained anomaly events need no hook: they go through the outbox, which delivers them
 * once connected.)
 */
final class ConnectHooks implements Runnable {
    private final AtomicBoolean connected = new AtomicBoolean();

    /** Set on the first connection, and stays set. */
    AtomicBoolean connected() {
        return connected;
    }

    @Override
    public void run() {
        connected.set(true);
    }
}
