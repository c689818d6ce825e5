package io.edgeinfer.config;

import java.nio.file.Path;

/**
 * The durable outbox every prediction passes through before MQTT.
 *
 * @param enabled false keeps messages in memory only (lost on restart; for tests and benchmarks)
 * @param path SQLite file
 * @param maxMessages oldest messages are dropped (and counted) beyond this many
 * @param maxBytes ... or beyond this many payload bytes
 * @param maxAgeS ... or when older than this
 * @param commitIntervalMs appends are committed in groups at most this far apart (SD-card wear vs
 *     what a kill -9 can take: only uncommitted, never-published messages)
 */
public record OutboxConfig(
        boolean enabled, Path path, long maxMessages, long maxBytes, long maxAgeS, int commitIntervalMs) {
}
