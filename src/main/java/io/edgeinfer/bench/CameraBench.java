package io.edgeinfer.bench;

import io.edgeinfer.camera.CorruptImageException;
import io.edgeinfer.camera.ImageDecoder;
import io.edgeinfer.camera.ImagePreprocessor;
import io.edgeinfer.camera.MjpegSplitter;
import io.edgeinfer.config.ImageConfig;
import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Camera frames per second through the camera source's own stages: JPEG decode, resize/crop/
 * normalise, and the model, on one thread, from an in-memory MJPEG stream of camera-sized frames.
 */
public final class CameraBench {
    private CameraBench() {
    }

    /** One run: throughput and per-stage medians (ms); {@code totalP99} is per frame, all stages. */
    public record Result(int frames, double seconds, double decodeP50, double preprocessP50, double inferenceP50,
            double totalP99) {
        public double fps() {
            return frames / seconds;
        }
    }

    /** {@code frames} JPEGs of {@code width x height}: a textured belt and a part, at quality 85. */
    public static byte[] stream(int frames, int width, int height, long seed) throws IOException {
        Random rng = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.85f);
        try {
            for (int i = 0; i < frames; i++) {
                ByteArrayOutputStream one = new ByteArrayOutputStream();
                try (ImageOutputStream ios = ImageIO.createImageOutputStream(one)) {
                    writer.setOutput(ios);
                    writer.write(null, new IIOImage(frame(width, height, rng), null, null), param);
                }
                out.writeBytes(one.toByteArray());
            }
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static BufferedImage frame(int w, int h, Random rng) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int base = 60 + rng.nextInt(80);
        for (int y = 0; y < h; y += 4) {
            for (int x = 0; x < w; x += 4) {
                int v = Math.max(0, Math.min(255, base + rng.nextInt(17) - 8 + (y % 12 == 0 ? 6 : 0)));
                g.setColor(new Color(v, v, v));
                g.fillRect(x, y, 4, 4);
            }
        }
        int r = h / 4 + rng.nextInt(h / 8);
        g.setColor(new Color(200, 200, 190));
        g.fillOval(w / 2 - r, h / 2 - r, 2 * r, 2 * r);
        g.setColor(new Color(base, base, base));
        g.fillOval(w / 2 - r / 2, h / 2 - r / 2, r, r);
        g.dispose();
        return img;
    }

    /**
     * Every frame through every model in turn (decode, preprocess, infer each time; the order
     * rotates frame by frame), so a noisy machine slows all models alike and their ratio holds.
     * A model's frames per second is its frames over the time spent on them.
     */
    public static List<Result> run(List<? extends ModelRunner> models, byte[] mjpeg, ImageConfig image)
            throws IOException, CorruptImageException, InferenceException {
        MjpegSplitter split = new MjpegSplitter(new ByteArrayInputStream(mjpeg), 16 << 20);
        ImageDecoder decoder = new ImageDecoder();
        ImagePreprocessor pre = new ImagePreprocessor(image);
        int m = models.size();
        int cap = 1 << 14;
        long[][] decode = new long[m][cap];
        long[][] prep = new long[m][cap];
        long[][] infer = new long[m][cap];
        long[][] total = new long[m][cap];
        long[] spent = new long[m];
        int n = 0;
        MjpegSplitter.Frame f;
        while (n < cap && (f = split.next()) != null) {
            for (int j = 0; j < m; j++) {
                int k = (n + j) % m;
                long t0 = System.nanoTime();
                BufferedImage img = decoder.decode(f.bytes());
                long t1 = System.nanoTime();
                float[] data = pre.toTensor(img);
                long t2 = System.nanoTime();
                models.get(k).predict(Window.image(n, 0, t2, 3, image.height(), image.width(), data, null));
                long t3 = System.nanoTime();
                decode[k][n] = t1 - t0;
                prep[k][n] = t2 - t1;
                infer[k][n] = t3 - t2;
                total[k][n] = t3 - t0;
                spent[k] += t3 - t0;
            }
            n++;
        }
        List<Result> out = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            out.add(new Result(n, spent[k] / 1e9, LatencyStats.of(decode[k], n, 1).p50(), LatencyStats.of(prep[k], n, 1)
                    .p50(),
                    LatencyStats.of(infer[k], n, 1).p50(), LatencyStats.of(total[k], n, 1).p99()));
        }
        return out;
    }
}
