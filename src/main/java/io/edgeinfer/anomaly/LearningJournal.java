package io.edgeinfer.anomaly;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * What learning has collected so far, appended window by window so a restart resumes instead of
 * starting over: a header (format, the config fingerprint, whose baseline an accept belongs to, when
 * learning started, the record width), then one record per good window (float32 values and their
 * CRC-32). The file is forced to the disk every {@link #SYNC_EVERY} records and on close; a crash
 * loses at most those. A torn last record, or one whose checksum fails, ends the readable part
 * and is cut off.
 *
 * <p>Not thread-safe: the pipeline thread appends, and the fit reads the records it is handed.
 */
final class LearningJournal implements AutoCloseable {
    static final int SYNC_EVERY = 64;
    private static final int MAGIC = 0x4549414a; // "EIAJ"
    private static final int VERSION = 1;

    private final Path file;
    private final FileChannel channel;
    private final int width;
    private final long startedMs;
    private final List<float[]> records;
    private final ByteBuffer buffer;
    private int unsynced;

    /** What an existing journal says about itself. */
    record Header(String configHash, String baselineId, long startedMs, int width) {
    }

    private LearningJournal(Path file, FileChannel channel, Header header, List<float[]> records) {
        this.file = file;
        this.channel = channel;
        this.width = header.width();
        this.startedMs = header.startedMs();
        this.records = records;
        this.buffer = ByteBuffer.allocate(width * Float.BYTES + Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Opens the journal at {@code file} if it was written for {@code expected} (same fingerprint,
     * baseline and width), keeping its readable records; otherwise starts a new one there.
     *
     * @param resumed set to true when records were taken over
     */
    static LearningJournal open(Path file, Header expected, boolean[] resumed) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Existing old = readExisting(file);
        if (old != null && old.header.configHash().equals(expected.configHash())
                && old.header.baselineId().equals(expected.baselineId()) && old.header.width() == expected.width()) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
            ch.truncate(old.goodBytes);
            ch.position(old.goodBytes);
            resumed[0] = true;
            return new LearningJournal(file, ch, old.header, old.records);
        }
        resumed[0] = false;
        byte[] header = header(expected);
        AtomicFiles.write(file, header);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        ch.position(header.length);
        return new LearningJournal(file, ch, expected, new ArrayList<>());
    }

    /** True when {@code file} is a readable journal written for {@code expected}. */
    static boolean resumable(Path file, Header expected) {
        Existing old = readExisting(file);
        return old != null && old.header.configHash().equals(expected.configHash())
                && old.header.baselineId().equals(expected.baselineId()) && old.header.width() == expected.width();
    }

    /**
     * Appends one record; forces the file every {@link #SYNC_EVERY} records. The record is kept in
     * memory even when writing it fails (a full card): learning goes on, only a restart loses it.
     */
    void append(double[] values) throws IOException {
        if (values.length != width) {
            throw new IllegalArgumentException(values.length + " values for a journal of width " + width);
        }
        float[] f = new float[width];
        buffer.clear();
        for (int i = 0; i < width; i++) {
            f[i] = (float) values[i];
            buffer.putFloat(f[i]);
        }
        records.add(f);
        if (!channel.isOpen()) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, width * Float.BYTES);
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        if (++unsynced >= SYNC_EVERY) {
            channel.force(false);
            unsynced = 0;
        }
    }

    int size() {
        return records.size();
    }

    long startedMs() {
        return startedMs;
    }

    /** The records so far, as doubles (a copy: the fit runs on another thread). */
    double[][] records() {
        double[][] out = new double[records.size()][width];
        for (int i = 0; i < out.length; i++) {
            float[] r = records.get(i);
            for (int j = 0; j < width; j++) {
                out[i][j] = r[j];
            }
        }
        return out;
    }

    /** Closes and removes the journal: what it held is in the baseline now. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.force(false);
            channel.close();
        }
    }

    private record Existing(Header header, List<float[]> records, long goodBytes) {
    }

    private static Existing readExisting(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                return null;
            }
            Header h = new Header(in.readUTF(), in.readUTF(), in.readLong(), in.readInt());
            if (h.width() < 1 || h.width() > 100_000) {
                return null;
            }
            long good = all.length - in.available();
            int recordBytes = h.width() * Float.BYTES + Integer.BYTES;
            List<float[]> records = new ArrayList<>();
            ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            while (good + recordBytes <= all.length) {
                CRC32 crc = new CRC32();
                crc.update(all, (int) good, h.width() * Float.BYTES);
                if (b.getInt((int) good + h.width() * Float.BYTES) != (int) crc.getValue()) {
                    break;
                }
                float[] r = new float[h.width()];
                for (int i = 0; i < r.length; i++) {
                    r[i] = b.getFloat((int) good + i * Float.BYTES);
                }
                records.add(r);
                good += recordBytes;
            }
            return new Existing(h, records, good);
        } catch (EOFException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] header(Header h) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(h.configHash());
            out.writeUTF(h.baselineId());
            out.writeLong(h.startedMs());
            out.writeInt(h.width());
        }
        return bytes.toByteArray();
    }
}
