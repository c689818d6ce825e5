package io.edgeinfer.mqtt;

import java.util.List;

/**
 * Turns what the daemon publishes (JSON documents of docs/mqtt-api.md, as stored in the outbox)
 * into what goes on the wire. Applied at send time, so a replayed record can be flagged and an
 * encoding with its own sequence numbers (Sparkplug B) numbers messages in the order they are sent.
 * The sender calls it under one lock, in send order.
 */
public interface WireFormat {

    /**
     * @param topic the daemon's topic for the document ({@code .../predictions}, {@code .../telemetry})
     * @param createdMs when the document was made
     * @param replayed sent again from the backlog after a reconnect or restart
     */
    Publisher.Message encode(String topic, byte[] json, long createdMs, boolean replayed);

    /** Messages to publish first on every connection (Sparkplug NBIRTH); restarts per-connection numbering. */
    default List<Publisher.Message> onConnect() {
        return List.of();
    }

    /** The last will for the next connection, or null for the daemon's own status will. */
    default Publisher.Message will() {
        return null;
    }

    /** What to publish on a clean shutdown besides the offline status (Sparkplug NDEATH), or null. */
    default Publisher.Message death() {
        return null;
    }

    /** Plain JSON: the document as is, with {@code "replayed": true} added to replays. */
    WireFormat JSON = (topic, json, createdMs, replayed) ->
            new Publisher.Message(topic, replayed ? Json.withReplayedFlag(json) : json, false);
}
