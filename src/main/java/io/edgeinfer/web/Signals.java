package io.edgeinfer.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** A window as the page draws it: a signal's channels (thinned for long windows), or an image as PNG. */
final class Signals {
    /** Points per channel at most: a phone screen has fewer pixels across. */
    static final int MAX_POINTS = 1024;

    private Signals() {
    }

    /** An image input has shape {@code [3, height, width]}; a signal {@code [channels, size]}. */
    static boolean isImage(int[] dims) {
        return dims.length == 3;
    }

    /**
     * {@code {window_index, rate_hz, unit, channels, step, values}}: one array per channel. A window
     * longer than {@link #MAX_POINTS} keeps, of every {@code step} samples, the one furthest from
     * zero, so spikes stay visible. Values keep 4 significant digits of the window's largest.
     */
    static ObjectNode signal(ObjectMapper mapper, Observation o, DeviceView.Input input) {
        int channels = o.dims()[0];
        int size = o.data().length / channels;
        int step = Math.max(1, (size + MAX_POINTS - 1) / MAX_POINTS);
        double scale = scale(o.data());
        ObjectNode n = mapper.createObjectNode();
        n.put("window_index", o.windowIndex());
        n.put("rate_hz", input.rateHz());
        n.put("unit", input.unit());
        ArrayNode names = n.putArray("channels");
        for (int c = 0; c < channels; c++) {
            names.add(c < input.channels().size() ? input.channels().get(c) : "ch" + c);
        }
        n.put("step", step);
        ArrayNode values = n.putArray("values");
        for (int c = 0; c < channels; c++) {
            ArrayNode ch = values.addArray();
            for (int i = 0; i < size; i += step) {
                float v = peak(o.data(), c * size + i, Math.min(step, size - i));
                ch.add((float) (Math.round(v * scale) / scale));
            }
        }
        return n;
    }

    private static float peak(float[] data, int from, int n) {
        float best = data[from];
        for (int i = 1; i < n; i++) {
            if (Math.abs(data[from + i]) > Math.abs(best)) {
                best = data[from + i];
            }
        }
        return best;
    }

    /** 10^k such that the largest magnitude keeps 4 significant digits. */
    private static double scale(float[] data) {
        float max = 0;
        for (float v : data) {
            max = Math.max(max, Math.abs(v));
        }
        if (!(max > 0) || Float.isInfinite(max)) {
            return 1e4;
        }
        return Math.pow(10, 4 - Math.ceil(Math.log10(max)));
    }

    /** The model's input as a PNG, its normalisation undone with the input's mean and std. */
    static byte[] png(Observation o, DeviceView.Input input) {
        int h = o.dims()[1];
        int w = o.dims()[2];
        int plane = h * w;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] d = o.data();
        for (int i = 0; i < plane; i++) {
            int r = channel(d[i], input, 0);
            int g = channel(d[plane + i], input, 1);
            int b = channel(d[2 * plane + i], input, 2);
            img.setRGB(i % w, i / w, (r << 16) | (g << 8) | b);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int channel(float v, DeviceView.Input input, int c) {
        double mean = input.imageMean() == null ? 0 : input.imageMean()[c];
        double std = input.imageStd() == null ? 1 : input.imageStd()[c];
        long x = Math.round((v * std + mean) * 255);
        return (int) Math.max(0, Math.min(255, x));
    }
}
