package io.edgeinfer.outbox;

/**
 * One message waiting for its broker acknowledgement.
 *
 * @param id position in the outbox: ids only grow, so id order is send order
 * @param createdMs when it was appended, epoch ms
 */
public record OutboxRecord(long id, String topic, byte[] payload, long createdMs) {
}
