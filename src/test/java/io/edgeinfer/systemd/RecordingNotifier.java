package io.edgeinfer.systemd;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A notifier that keeps what it is told, for tests of what is sent when. */
final class RecordingNotifier implements ServiceNotifier {
    final List<String> sent = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void notify(String state) {
        sent.add(state);
    }

    @Override
    public boolean listening() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
    }

    long count(String state) {
        return sent.stream().filter(state::equals).count();
    }

    boolean any(String prefix) {
        return sent.stream().anyMatch(s -> s.startsWith(prefix));
    }
}
