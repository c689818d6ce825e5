package io.edgeinfer.camera;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a raw MJPEG stream (JPEG images back to back, as {@code rpicam-vid --codec mjpeg -o -} or
 * {@code ffmpeg -f mjpeg -} write them) into single JPEG frames. It follows the JPEG marker
 * structure rather than searching for the end marker, so the FF D9 inside an embedded EXIF
 * thumbnail does not end a frame early. Bytes between frames are skipped. A frame cut short (a new
 * start marker before its end, the end of the stream, or more than {@code maxFrameBytes}) is
 * returned marked incomplete, and splitting resumes at the next frame.
 */
public final class MjpegSplitter {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;

    private final InputStream in;
    private final int maxFrameBytes;
    private final byte[] buf = new byte[1 << 16];
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream(1 << 16);
    private int pos;
    private int limit;
    private boolean soiPending;

    /** One frame as cut from the stream. */
    public record Frame(byte[] bytes, boolean complete) {
    }

    public MjpegSplitter(InputStream in, int maxFrameBytes) {
        this.in = in;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** The next frame, or null at the end of the stream. */
    public Frame next() throws IOException {
        if (!soiPending && !findSoi()) {
            return null;
        }
        soiPending = false;
        frame.reset();
        frame.write(0xFF);
        frame.write(SOI);
        try {
            return segments();
        } catch (Truncated t) {
            return new Frame(frame.toByteArray(), false);
        }
    }

    /** Marker segments, each scan's entropy-coded data, and so on until EOI. */
    private Frame segments() throws IOException, Truncated {
        int m = marker();
        while (true) {
            if (m == EOI) {
                return new Frame(frame.toByteArray(), true);
            }
            if (m == SOI) {
                return cutShort();
            }
            if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) {
                m = marker(); // markers without a length
                continue;
            }
            int length = (take() << 8) | take();
            for (int i = 2; i < length; i++) {
                take();
            }
            // After a scan's data comes the next marker: EOI, or another segment (progressive JPEG).
            m = m == SOS ? entropyData() : marker();
        }
    }

    private int marker() throws IOException, Truncated {
        if (take() != 0xFF) {
            throw new Truncated(); // not a marker where one must be: a damaged frame
        }
        int m = take();
        while (m == 0xFF) {
            m = take();
        }
        return m;
    }

    /** Skips scan data up to the marker that ends it, and returns that marker's code. */
    private int entropyData() throws IOException, Truncated {
        while (true) {
            if (take() != 0xFF) {
                continue;
            }
            int m = take();
            while (m == 0xFF) {
                m = take();
            }
            if (m != 0x00 && (m < 0xD0 || m > 0xD7)) {
                return m; // not a stuffed 0xFF data byte, not a restart marker inside the scan
            }
        }
    }

    private Frame cutShort() {
        // The next frame began before this one ended: keep its start for the next call.
        byte[] b = frame.toByteArray();
        soiPending = true;
        return new Frame(Arrays.copyOf(b, b.length - 2), false);
    }

    private boolean findSoi() throws IOException {
        int prev = -1;
        while (true) {
            int b = read();
            if (b < 0) {
                return false;
            }
            if (prev == 0xFF && b == SOI) {
                return true;
            }
            prev = b;
        }
    }

    /** A byte of the current frame; the end of the stream or the size limit truncates the frame. */
    private int take() throws IOException, Truncated {
        int b = read();
        if (b < 0 || frame.size() >= maxFrameBytes) {
            throw new Truncated();
        }
        frame.write(b);
        return b;
    }

    private int read() throws IOException {
        if (pos == limit) {
            limit = in.read(buf, 0, buf.length);
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buf[pos++] & 0xFF;
    }

    /** Thrown inside the splitter when a frame cannot be completed. */
    private static final class Truncated extends Exception {
        Truncated() {
            super(null, null, false, false);
        }
    }
}
