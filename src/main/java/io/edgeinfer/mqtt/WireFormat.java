package io.edgeinfer.mqtt;

import java.util.List;

/**
 * Turns what the daemon publishes (JSON documents of docs/mqtt-api.md, as stored in the outbox)
 * into what goes on the wire, and says what a session of that encoding needs from the connection.
 * Encoding happens at send time, so a replayed record can be flagged and an encoding with its own
 * sequence numbers (Sparkplug B) numbers messages in the order they are sent. The sender calls
 * {@link #encode}, {@link #births} and {@link #pending} under one lock, in send order.
 *
 * <p>A session: the sender connects (with {@link #will}), subscribes to every registered topic and
 * waits for the broker's acknowledgements, then, as soon as {@link #birthsAllowed}, publishes
 * {@link #births} and only then anything else. It ends a session whose {@link #sessionEpoch}
 * changed (publishing {@link #death} first) and connects again. Plain JSON asks for none of this.
 */
public interface WireFormat {

    /**
     * The messages for one document: usually one; several when one document feeds several
     * addressees (Sparkplug telemetry: the node and each device); none when there is nothing to
     * send now.
     *
     * @param topic the daemon's topic for the document ({@code .../predictions}, {@code .../telemetry})
     * @param createdMs when the document was made
     * @param replayed sent again from the backlog after a reconnect or restart
     */
    List<Publisher.Message> encode(String topic, byte[] json, long createdMs, boolean replayed);

    /**
     * A document was made; it may wait in the outbox a long time before it is encoded. A format
     * whose births carry current values (Sparkplug) notes it. Called on the producer's thread: cheap.
     */
    default void observe(String topic, byte[] json) {
    }

    /** The session's birth messages (Sparkplug NBIRTH and DBIRTHs); they restart per-session numbering. */
    default List<Publisher.Message> births() {
        return List.of();
    }

    /**
     * What the format has to publish now, between data (Sparkplug: a requested rebirth, device deaths
     * and births); called on every {@link #onChange} while a session is born.
     */
    default List<Publisher.Message> pending() {
        return List.of();
    }

    /** Asks for {@link #births} again; they come out of {@link #pending}. */
    default void requestRebirth() {
    }

    /** The last will for the next connection attempt, or null for the daemon's own status will. No side effects. */
    default Publisher.Message will() {
        return null;
    }

    /**
     * How the attempt with the last {@link #will} ended: {@code sent} when its MQTT CONNECT left this
     * process (accepted, refused or unanswered), false when no connection to the broker was made.
     */
    default void connectAttempted(boolean sent) {
    }

    /** What to publish on a clean shutdown or a session the format ends, besides the offline status (Sparkplug NDEATH), or null. */
    default Publisher.Message death() {
        return null;
    }

    /** Whether the broker should forget this client's session on every connect (Sparkplug requires it). */
    default boolean cleanSession() {
        return false;
    }

    /** Whether births (and then data) may be published now (Sparkplug: the primary host is online). */
    default boolean birthsAllowed() {
        return true;
    }

    /** Moves on each time a live session must end (Sparkplug: the primary host went offline). */
    default long sessionEpoch() {
        return 0;
    }

    /** Hears every change of {@link #birthsAllowed}, {@link #sessionEpoch} and {@link #pending}. */
    default void onChange(Runnable listener) {
    }

    /**
     * Plain JSON: the document as is, with {@code "replayed": true} added to replays; retained where
     * the topic's documents are ({@link Topics#isRetainedDocument}).
     */
    WireFormat JSON = (topic, json, createdMs, replayed) -> List.of(new Publisher.Message(topic, replayed
            ? Json.withReplayedFlag(json)
            : json, Topics.isRetainedDocument(topic)));
}
