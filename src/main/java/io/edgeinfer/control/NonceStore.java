package io.edgeinfer.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nonces of accepted commands, remembered for as long as their timestamp could still pass the
 * freshness check, so a command captured off the broker cannot be played again. Kept in a small
 * append-only file as well, because a restart must not reopen the replay window.
 */
public final class NonceStore {
    private static final Logger LOG = LoggerFactory.getLogger(NonceStore.class);

    private final Path file;
    private final Map<String, Long> seen = new HashMap<>();
    private int lines;

    /** @param file where nonces survive a restart; null keeps them in memory only */
    public NonceStore(Path file) {
        this.file = file;
    }

    /** Loads what was remembered, forgetting nonces stamped before {@code keepAfterMs}. */
    public synchronized void load(long keepAfterMs) {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                int sp = line.indexOf(' ');
                if (sp > 0) {
                    try {
                        long ts = Long.parseLong(line.substring(0, sp));
                        if (ts >= keepAfterMs) {
                            seen.put(line.substring(sp + 1), ts);
                        }
                    } catch (NumberFormatException torn) {
                        // a line torn by a crash: its command was never acknowledged as accepted
                    }
                }
            }
            rewrite();
        } catch (IOException e) {
            LOG.warn("nonce file {} unreadable ({}); replays of commands sent before this start are not detected",
                    file, e.getMessage());
        }
    }

    synchronized boolean contains(String nonce) {
        return seen.containsKey(nonce);
    }

    /** Remembers a nonce (on disk before the command runs) and forgets expired ones. */
    synchronized void add(String nonce, long tsMs, long keepAfterMs) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() < keepAfterMs) {
                it.remove();
            }
        }
        seen.put(nonce, tsMs);
        if (file != null) {
            try {
                Files.createDirectories(file.getParent());
                if (++lines > 1000 && lines > 2 * seen.size()) {
                    rewrite();
                    return;
                }
                Files.writeString(file, tsMs + " " + nonce + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new UncheckedIOException("nonce file " + file + " cannot be written", e);
            }
        }
    }

    synchronized int size() {
        return seen.size();
    }

    private void rewrite() throws IOException {
        List<String> lines = new ArrayList<>();
        seen.forEach((n, ts) -> lines.add(ts + " " + n));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        this.lines = lines.size();
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
