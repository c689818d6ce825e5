package io.edgeinfer.control.deploy;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inline model transfers for devices without an HTTP path: {@code cmd/model/chunk} messages
 * ({@code transfer_id, index, total, data}) stored one file per chunk, assembled in index order when
 * the {@code model} command names the transfer ({@code url: "chunks:ID"}). Every chunk index is
 * accepted once: a second copy abandons the transfer, because two different bytes for one place
 * leave nothing to trust. Unfinished transfers are forgotten after {@code control.transfer_timeout_s}.
 * Runs on the control thread only.
 */
public final class ChunkTransfers {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkTransfers.class);
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Supplier<ControlConfig> config;
    private final Clock clock;
    /** Concurrent only so that {@code cmd/status}, on its own thread, can count them. */
    private final Map<String, Transfer> transfers = new ConcurrentHashMap<>();

    /** @param config the running {@code control} section: size limit, timeout, model directory */
    public ChunkTransfers(Supplier<ControlConfig> config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The answer to one chunk: how many of the transfer have arrived. */
    public record ChunkReply(String transferId, int index, int received, int total) implements Reply {
    }

    private static final class Transfer {
        final Path dir;
        final int total;
        final TreeMap<Integer, Path> chunks = new TreeMap<>();
        long bytes;
        long lastMs;

        Transfer(Path dir, int total) {
            this.dir = dir;
            this.total = total;
        }
    }

    /** {@code cmd/model/chunk}: stores one chunk. */
    public Reply accept(CommandBody b, String requestId) throws CommandException {
        ControlConfig c = config.get();
        String id = b.string("transfer_id", ID, "1-64 characters of A-Z a-z 0-9 _ -");
        int total = b.integer("total", 1, 1_000_000);
        int index = b.integer("index", 0, total - 1);
        String data = b.string("data", null, "base64");
        b.rejectUnknown();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new CommandException("bad_request", "data is not base64: " + e.getMessage());
        }
        expire(c);
        Transfer t = transfers.get(id);
        if (t == null) {
            t = new Transfer(c.modelDir().resolve(ModelStore.INSTALLED).resolve(".transfer-" + id), total);
            transfers.put(id, t);
        } else if (t.total != total) {
            abandon(id);
            throw new CommandException("chunk_mismatch", "chunk " + index + " of transfer " + id + " says total "
                    + total
                    + ", earlier chunks said " + t.total + ": transfer abandoned, send it again");
        }
        if (t.chunks.containsKey(index)) {
            abandon(id);
            throw new CommandException("chunk_duplicate", "chunk " + index + " of transfer " + id
                    + " arrived twice: transfer abandoned, send it again");
        }
        if (t.bytes + bytes.length > c.maxModelBytes()) {
            abandon(id);
            throw LimitedCopy.tooLarge("transfer " + id, c.maxModelBytes());
        }
        try {
            Files.createDirectories(t.dir);
            Path f = t.dir.resolve(index + ".chunk");
            Files.write(f, bytes);
            t.chunks.put(index, f);
        } catch (IOException e) {
            abandon(id);
            throw new CommandException("io_error", "chunk " + index + " of transfer " + id + " cannot be stored: " + e
                    .getMessage(), e);
        }
        t.bytes += bytes.length;
        t.lastMs = clock.millis();
        return new ChunkReply(id, index, t.chunks.size(), total);
    }

    /** Assembles a complete transfer into one file and forgets it. */
    Fetched take(String id, ControlConfig c) throws CommandException {
        expire(c);
        Transfer t = transfers.get(id);
        if (t == null) {
            throw new CommandException("transfer_unknown", "no chunks of transfer " + id
                    + " are here (never sent, or older than "
                    + "control.transfer_timeout_s: " + c.transferTimeoutS() + " s)");
        }
        if (t.chunks.size() < t.total) {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < t.total && missing.size() < 20; i++) {
                if (!t.chunks.containsKey(i)) {
                    missing.add(i);
                }
            }
            throw new CommandException("chunks_missing", "transfer " + id + " has " + t.chunks.size() + " of " + t.total
                    + " chunks; missing " + missing + (t.total - t.chunks.size() > missing.size() ? " and more" : ""));
        }
        try {
            List<InputStream> parts = new ArrayList<>();
            for (Path p : t.chunks.values()) {
                parts.add(Files.newInputStream(p));
            }
            try (InputStream in = new SequenceInputStream(Collections.enumeration(parts))) {
                return LimitedCopy.copy(in, c.modelDir().resolve(ModelStore.INSTALLED), c.maxModelBytes(), "transfer "
                        + id);
            }
        } catch (IOException e) {
            throw new CommandException("io_error", "transfer " + id + " cannot be assembled: " + e.getMessage(), e);
        } finally {
            abandon(id);
        }
    }

    /** Periodic: forgets transfers idle for longer than the timeout; never answers. */
    public CommandResult tick() {
        expire(config.get());
        return null;
    }

    /** Forgets transfers idle for longer than the timeout. */
    void expire(ControlConfig c) {
        long cutoff = clock.millis() - c.transferTimeoutS() * 1000L;
        Iterator<Map.Entry<String, Transfer>> it = transfers.entrySet().iterator();
        List<String> old = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<String, Transfer> e = it.next();
            if (e.getValue().lastMs < cutoff) {
                old.add(e.getKey());
            }
        }
        for (String id : old) {
            LOG.warn("chunk transfer {} expired unfinished", id);
            abandon(id);
        }
    }

    public int pending() {
        return transfers.size();
    }

    private void abandon(String id) {
        Transfer t = transfers.remove(id);
        if (t == null) {
            return;
        }
        for (Path p : t.chunks.values()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", p, e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(t.dir);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", t.dir, e.getMessage());
        }
    }
}
