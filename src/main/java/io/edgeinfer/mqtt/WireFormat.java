package io.edgeinfer.mqtt;

import io.edgeinfer.outbox.OutboxRecord;

/**
 * Turns an outbox record into what goes on the wire. Records are stored as the JSON documents of
 * docs/mqtt-api.md; the wire format is applied at send time, so a replayed record can be flagged and
 * an encoding with its own sequence numbers (Sparkplug B) numbers it when it is actually sent.
 */
public interface WireFormat {

    Publisher.Message encode(OutboxRecord record, boolean replayed);

    /** Plain JSON: the stored document, with {@code "replayed": true} added to replays. */
    WireFormat JSON = (record, replayed) -> new Publisher.Message(record.topic(),
            replayed ? Json.withReplayedFlag(record.payload()) : record.payload(), false);
}
