package io.edgeinfer.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What runs each time the sender connects, as its birth is made: the flag Home Assistant's announcer
 * reads, and the re-sending of retained events the sender dropped while offline (an anomaly alarm
 * raised before the first connection).
 */
final class ConnectHooks implements Runnable {
    private final AtomicBoolean connected = new AtomicBoolean();
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

    /** Set on the first connection, and stays set. */
    AtomicBoolean connected() {
        return connected;
    }

    void add(Runnable hook) {
        hooks.add(hook);
    }

    @Override
    public void run() {
        connected.set(true);
        hooks.forEach(Runnable::run);
    }
}
