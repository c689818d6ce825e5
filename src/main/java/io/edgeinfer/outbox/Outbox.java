package io.edgeinfer.outbox;

import java.util.List;

/**
 * The port to the store of messages not yet acknowledged by the broker. Producers append (never
 * blocking on disk); the MQTT sender reads in id order and acknowledges what the broker confirmed.
 * What is appended survives a broker outage and, once committed, a process crash; what is
 * acknowledged is forgotten.
 */
public interface Outbox extends AutoCloseable {

    /** Starts whatever runs in the background (a writer thread); appends are committed from then on. */
    default void start() {
    }

    /** Queues a message. It becomes readable (and durable) at the next group commit. */
    void append(String topic, byte[] payload);

    /** Committed, unacknowledged records with {@code id > afterId}, in id order, at most {@code max}. */
    List<OutboxRecord> read(long afterId, int max);

    /** The id of the newest committed record (0 when none was ever committed). */
    long lastCommittedId();

    /** Waits until a record newer than {@code afterId} is committed, or the timeout passes. */
    void awaitCommitted(long afterId, long timeoutMs) throws InterruptedException;

    /** The broker has the message: forget it. */
    void ack(long id);

    /** Commits everything appended so far, forgets everything acknowledged so far, and waits for both. */
    void flush() throws InterruptedException;

    OutboxStats stats();

    /** Calls {@code listener} (on the outbox's thread) whenever {@link OutboxStats#mode()} changes. */
    default void onModeChange(Runnable listener) {
    }

    /** Commits what is pending and closes the store. Idempotent. */
    @Override
    void close();
}
