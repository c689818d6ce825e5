package io.edgeinfer.sensor;

import io.edgeinfer.model.Window;
import java.util.function.Consumer;

/**
 * Cuts a sample stream into windows of {@code size} samples, a new one every {@code hop} samples.
 * Keeps the last {@code size} samples in a ring, so overlapping windows cost one copy each and no
 * sample is held twice. Runs on the acquisition thread; not thread-safe.
 */
public final class Windower {
    private final int channels;
    private final int size;
    private final int hop;
    private final Consumer<Window> out;
    private final float[][] ring;
    private final long[] stamps;
    private long total;
    private long emitted;

    public Windower(int channels, int size, int hop, Consumer<Window> out) {
        this(channels, size, hop, out, 0);
    }

    /** @param firstIndex index of the first window: a windower that replaces another continues its numbering */
    public Windower(int channels, int size, int hop, Consumer<Window> out, long firstIndex) {
        if (channels < 1 || size < 1 || hop < 1 || hop > size) {
            throw new IllegalArgumentException("need channels, size >= 1 and 1 <= hop <= size");
        }
        this.channels = channels;
        this.size = size;
        this.hop = hop;
        this.out = out;
        this.ring = new float[channels][size];
        this.stamps = new long[size];
        this.emitted = firstIndex;
    }

    /** Index the next window will get. */
    public long nextIndex() {
        return emitted;
    }

    public void accept(SampleBlock block) {
        if (block.channels() != channels) {
            throw new IllegalArgumentException("block has " + block.channels() + " channels, windower expects "
                    + channels);
        }
        float[] v = block.values();
        for (int i = 0; i < block.count(); i++) {
            int slot = (int) (total % size);
            for (int c = 0; c < channels; c++) {
                ring[c][slot] = v[i * channels + c];
            }
            stamps[slot] = block.timestampNanos(i);
            total++;
            if (total >= size && (total - size) % hop == 0) {
                emit();
            }
        }
    }

    private void emit() {
        float[] data = new float[channels * size];
        int oldest = (int) (total % size);
        int tail = size - oldest;
        for (int c = 0; c < channels; c++) {
            System.arraycopy(ring[c], oldest, data, c * size, tail);
            System.arraycopy(ring[c], 0, data, c * size + tail, oldest);
        }
        long start = stamps[oldest];
        long end = stamps[(oldest + size - 1) % size];
        out.accept(new Window(emitted++, start, end, System.nanoTime(), channels, size, data));
    }
}
