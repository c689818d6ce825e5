package io.edgeinfer.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kept items of one pipeline on disk: one file per item in {@code items/}, bounded by count and
 * bytes (the oldest go first, counted), never written when the card would be left with less than
 * its reserve. An item is written whole to {@code tmp/}, forced to the card, then renamed into
 * place and the folder forced too: a crash or power cut loses at most the item being written (its
 * partial file is removed at the next open), and no reader ever sees half an item. Items are never
 * changed once written, so they are read without a lock; the index (id to size, oldest first, as
 * ids sort by time) is guarded by this object.
 */
public final class CaptureStore {
    static final String SUFFIX = ".json";
    private static final String PART = ".part";

    private final Path items;
    private final Path tmp;
    private final int maxItems;
    private final long maxBytes;
    private final long minFreeBytes;
    private final TreeMap<String, Long> index = new TreeMap<>();
    private final AtomicLong evicted = new AtomicLong();
    private long bytes;

    private CaptureStore(Path dir, int maxItems, long maxBytes, long minFreeBytes) {
        this.items = dir.resolve("items");
        this.tmp = dir.resolve("tmp");
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.minFreeBytes = minFreeBytes;
    }

    /**
     * Opens the store in {@code dir} (created if missing): partial files of an interrupted write are
     * removed, the items there are indexed. Files that are not items are left alone.
     *
     * @throws IOException when the folder cannot be made or read (read-only, not a folder)
     */
    public static CaptureStore open(Path dir, int maxItems, long maxBytes, long minFreeBytes) throws IOException {
        CaptureStore s = new CaptureStore(dir, maxItems, maxBytes, minFreeBytes);
        Files.createDirectories(s.items);
        Files.createDirectories(s.tmp);
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(s.tmp, "*" + PART)) {
            for (Path p : parts) {
                Files.deleteIfExists(p);
            }
        }
        s.scan();
        return s;
    }

    /**
     * The store in {@code dir} as another process sees it while the daemon may be writing
     * ({@code edgeinfer capture export}): nothing is created or cleaned up, no bounds apply.
     *
     * @throws NoSuchFileException when {@code dir} holds no store
     */
    public static CaptureStore existing(Path dir) throws IOException {
        CaptureStore s = new CaptureStore(dir, Integer.MAX_VALUE, Long.MAX_VALUE, 0);
        if (!Files.isDirectory(s.items)) {
            throw new NoSuchFileException(dir.toString(), null, "no capture store (no items/ folder)");
        }
        s.scan();
        return s;
    }

    private void scan() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(items, "*" + SUFFIX)) {
            for (Path f : files) {
                String id = idOf(f);
                if (id != null) {
                    long size = Files.size(f);
                    index.put(id, size);
                    bytes += size;
                }
            }
        }
    }

    /** The id of an item file, or null when the name is not one. */
    static String idOf(Path f) {
        String n = f.getFileName().toString();
        String id = n.endsWith(SUFFIX) ? n.substring(0, n.length() - SUFFIX.length()) : "";
        return CaptureItem.ID.matcher(id).matches() ? id : null;
    }

    /** An item id as the index knows it, with its size. */
    public record Entry(String id, long bytes) {
        /** When the window ended, from the id. */
        public long tsMs() {
            return Long.parseLong(id.substring(0, 13));
        }
    }

    /**
     * Writes one item, making room by dropping the oldest first.
     *
     * @throws NoRoomException the item alone exceeds {@code max_bytes}, or the card is at its reserve
     * @throws IOException the write failed (disk full, read-only, failing card); nothing was kept
     */
    public synchronized void write(String id, byte[] item) throws IOException, NoRoomException {
        if (item.length > maxBytes) {
            throw new NoRoomException("an item of " + item.length + " bytes exceeds capture.max_bytes (" + maxBytes
                    + ")");
        }
        long free = Files.getFileStore(items).getUsableSpace();
        if (free - item.length < minFreeBytes) {
            throw new NoRoomException("the card has " + free / (1 << 20) + " MiB free; capture.min_free_bytes keeps "
                    + minFreeBytes / (1 << 20) + " MiB free");
        }
        while (!index.isEmpty() && (index.size() + 1 > maxItems || bytes + item.length > maxBytes)) {
            remove(index.firstKey());
            evicted.incrementAndGet();
        }
        Path part = tmp.resolve(id + SUFFIX + PART);
        writeForced(part, item);
        Files.move(part, items.resolve(id + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
        forceFolder(items);
        index.put(id, (long) item.length);
        bytes += item.length;
    }

    /** Writes {@code bytes} to {@code part} and forces them to the card; a failed write leaves no file. */
    static void writeForced(Path part, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    /** The rename is durable only once the folder itself is on the card. */
    static void forceFolder(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Up to {@code limit} items after {@code after} (null: from the oldest), oldest first. */
    public synchronized List<Entry> list(String after, int limit) {
        Map<String, Long> tail = after == null ? index : index.tailMap(after, false);
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : tail.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(new Entry(e.getKey(), e.getValue()));
        }
        return out;
    }

    /**
     * The bytes of item {@code id}.
     *
     * @throws NoSuchFileException when there is no such item (never kept, deleted, or dropped for room)
     */
    public byte[] read(String id) throws IOException {
        synchronized (this) {
            if (!index.containsKey(id)) {
                throw new NoSuchFileException(id);
            }
        }
        try {
            return Files.readAllBytes(items.resolve(id + SUFFIX));
        } catch (NoSuchFileException e) {
            forget(id); // deleted behind the daemon's back (capture export on the device)
            throw e;
        }
    }

    /** Deletes item {@code id}; false when there was none. */
    public synchronized boolean delete(String id) throws IOException {
        if (!index.containsKey(id)) {
            return false;
        }
        remove(id);
        return true;
    }

    private void remove(String id) throws IOException {
        Files.deleteIfExists(items.resolve(id + SUFFIX));
        forget(id);
    }

    private synchronized void forget(String id) {
        Long size = index.remove(id);
        if (size != null) {
            bytes -= size;
        }
    }

    public synchronized int items() {
        return index.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Items dropped to make room since the store was opened. */
    public long evictedTotal() {
        return evicted.get();
    }

    /** The folder the items lie in. */
    public Path itemsDir() {
        return items;
    }
}
