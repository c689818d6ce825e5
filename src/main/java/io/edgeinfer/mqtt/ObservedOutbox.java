package io.edgeinfer.mqtt;

import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.outbox.OutboxRecord;
import io.edgeinfer.outbox.OutboxStats;
import java.util.List;

/**
 * An outbox whose wire format sees every document as it is appended, long before it may be sent:
 * Sparkplug's births carry each metric's current value, also while the backlog waits.
 */
public final class ObservedOutbox implements Outbox {
    private final Outbox outbox;
    private final WireFormat format;

    public ObservedOutbox(Outbox outbox, WireFormat format) {
        this.outbox = outbox;
        this.format = format;
    }

    @Override
    public void start() {
        outbox.start();
    }

    @Override
    public void append(String topic, byte[] payload) {
        format.observe(topic, payload);
        outbox.append(topic, payload);
    }

    @Override
    public List<OutboxRecord> read(long afterId, int max) {
        return outbox.read(afterId, max);
    }

    @Override
    public long lastCommittedId() {
        return outbox.lastCommittedId();
    }

    @Override
    public void awaitCommitted(long afterId, long timeoutMs) throws InterruptedException {
        outbox.awaitCommitted(afterId, timeoutMs);
    }

    @Override
    public void ack(long id) {
        outbox.ack(id);
    }

    @Override
    public void flush() throws InterruptedException {
        outbox.flush();
    }

    @Override
    public OutboxStats stats() {
        return outbox.stats();
    }

    @Override
    public void onModeChange(Runnable listener) {
        outbox.onModeChange(listener);
    }

    @Override
    public void close() {
        outbox.close();
    }
}
