package io.edgeinfer.camera;

import io.edgeinfer.config.ImageConfig;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * An image to the model's input: scale so the shorter side is {@code resize}, cut the centre
 * {@code width x height}, normalise each RGB channel as {@code (v / 255 - mean) / std}, lay out
 * channel by channel ({@code [3, height, width]}). Large reductions go in halving steps, each
 * bilinear, which averages like an area filter instead of skipping pixels (a single bilinear step
 * from 640 to 64 pixels would alias).
 */
public final class ImagePreprocessor {
    private final int width;
    private final int height;
    private final int resize;
    private final float[] mean = new float[3];
    private final float[] std = new float[3];

    public ImagePreprocessor(ImageConfig config) {
        this.width = config.width();
        this.height = config.height();
        this.resize = config.resize();
        for (int c = 0; c < 3; c++) {
            mean[c] = config.mean().get(c).floatValue();
            std[c] = config.std().get(c).floatValue();
        }
    }

    public float[] toTensor(BufferedImage src) {
        double scale = resize / (double) Math.min(src.getWidth(), src.getHeight());
        int sw = Math.max(width, (int) Math.round(src.getWidth() * scale));
        int sh = Math.max(height, (int) Math.round(src.getHeight() * scale));
        BufferedImage img = src;
        while (img.getWidth() / 2 >= sw && img.getHeight() / 2 >= sh) {
            img = draw(img, img.getWidth() / 2, img.getHeight() / 2, img.getWidth() / 2, img.getHeight() / 2, 0, 0);
        }
        // Only the centre crop is drawn: the scaled image, shifted so the crop lands at the origin.
        BufferedImage crop = draw(img, width, height, sw, sh, (sw - width) / 2, (sh - height) / 2);
        int[] px = ((DataBufferInt) crop.getRaster().getDataBuffer()).getData();
        int plane = width * height;
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = px[i];
            out[i] = (((p >> 16) & 0xFF) / 255f - mean[0]) / std[0];
            out[plane + i] = (((p >> 8) & 0xFF) / 255f - mean[1]) / std[1];
            out[2 * plane + i] = ((p & 0xFF) / 255f - mean[2]) / std[2];
        }
        return out;
    }

    private static BufferedImage draw(BufferedImage src, int w, int h, int scaledW, int scaledH, int cropX, int cropY) {
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, -cropX, -cropY, scaledW, scaledH, null);
        } finally {
            g.dispose();
        }
        return dst;
    }
}
