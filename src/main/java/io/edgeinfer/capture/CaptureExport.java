package io.edgeinfer.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code edgeinfer capture export}: copies a pipeline's kept items from its store to a folder (a USB
 * stick), each checked, written whole under a temporary name, forced to the stick and then renamed,
 * so a stick pulled out or full mid-way holds only whole items. With {@code delete} an item leaves
 * the store only once its copy is on the stick. Runs beside the daemon: it never touches an item
 * being written, and the daemon forgets an item deleted here when it next reads it.
 */
public final class CaptureExport {
    private static final String PART = ".part";

    /**
     * What one export did.
     *
     * @param copied items written to the folder now
     * @param present items the folder already held, byte for byte (an earlier export)
     * @param deleted items removed from the store after their copy was safe
     * @param damaged item ids found damaged in the store (left there, not copied)
     */
    public record Result(int copied, int present, int deleted, List<String> damaged) {
    }

    private CaptureExport() {
    }

    /**
     * Copies every item of the store in {@code from} to {@code to} (created if missing).
     *
     * @throws java.nio.file.NoSuchFileException when {@code from} holds no store
     * @throws IOException when the folder cannot be written (full, read-only): the message names the
     *     item; every item before it is copied whole, nothing after it was touched
     */
    public static Result export(Path from, Path to, boolean delete) throws IOException {
        CaptureStore store = CaptureStore.existing(from);
        Files.createDirectories(to);
        int copied = 0;
        int present = 0;
        int deleted = 0;
        List<String> damaged = new ArrayList<>();
        for (CaptureStore.Entry e : store.list(null, Integer.MAX_VALUE)) {
            byte[] bytes;
            try {
                bytes = store.read(e.id());
                CaptureItem.read(bytes, e.id());
            } catch (NoSuchFileException gone) {
                continue; // the daemon dropped it for room meanwhile
            } catch (DamagedItemException bad) {
                damaged.add(e.id() + " (" + bad.getMessage() + ")");
                continue;
            }
            Path target = to.resolve(e.id() + CaptureStore.SUFFIX);
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
                present++;
            } else {
                writeWhole(target, bytes, e.id());
                copied++;
            }
            if (delete && store.delete(e.id())) {
                deleted++;
            }
        }
        return new Result(copied, present, deleted, damaged);
    }

    /** Writes item {@code id} as {@code target}, whole or not at all (a temporary name, forced, renamed). */
    static void writeWhole(Path target, byte[] bytes, String id) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + PART);
        try {
            CaptureStore.writeForced(part, bytes);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            CaptureStore.forceFolder(target.getParent());
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw new IOException("item " + id + " cannot be written to " + target.getParent() + ": "
                    + StoreSlot.describe(e), e);
        }
    }
}
