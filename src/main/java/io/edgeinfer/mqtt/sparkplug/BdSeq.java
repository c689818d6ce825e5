package io.edgeinfer.mqtt.sparkplug;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The birth/death sequence number: 0 for a node's first MQTT CONNECT ever, one more (mod 256) for
 * each CONNECT that actually left the process, kept on disk across restarts. A number is written to
 * disk before the CONNECT that carries it, so a crash can skip a number (hosts accept gaps) but
 * never reuse one; attempts that never reached a broker (refused, unreachable) reuse theirs.
 */
final class BdSeq {
    private static final Logger LOG = LoggerFactory.getLogger(BdSeq.class);

    private final Path file;
    /** The number of the last CONNECT that may have been sent (the file's content). */
    private long last;
    /** Reserved for the next attempt, not yet known to be sent; -1 when none. */
    private long pending = -1;

    BdSeq(Path file) {
        this.file = file;
        this.last = read();
    }

    /** The number for the next CONNECT: the one reserved for an attempt that sent nothing, or a new one. */
    synchronized long forNextConnect() {
        if (pending < 0) {
            pending = (last + 1) % 256;
            last = pending;
            write(pending);
        }
        return pending;
    }

    /** How the attempt with {@link #forNextConnect()}'s number ended. */
    synchronized void attempted(boolean sent) {
        if (sent) {
            pending = -1;
        }
    }

    /** The number of the current (last sent) CONNECT: what the births and the death of its session carry. */
    synchronized long current() {
        return pending >= 0 ? pending : last;
    }

    private long read() {
        if (!Files.exists(file)) {
            return 255; // so the first CONNECT ever carries 0
        }
        try {
            long v = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (v < 0 || v > 255) {
                throw new NumberFormatException("out of range: " + v);
            }
            return v;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Sparkplug bdSeq file {} unreadable ({}); the next CONNECT carries 0", file, e.getMessage());
            return 255;
        }
    }

    private void write(long v) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                c.write(ByteBuffer.wrap(Long.toString(v).getBytes(StandardCharsets.US_ASCII)));
                c.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("Sparkplug bdSeq not saved to {}: {} (a restart may use {} again)", file, e.getMessage(), v);
        }
    }
}
