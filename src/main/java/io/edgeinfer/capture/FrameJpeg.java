package io.edgeinfer.capture;

import io.edgeinfer.config.ImageConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The frame the model saw, as a JPEG: its normalisation ({@code (v / 255 - mean) / std} per RGB
 * channel) undone, so the picture read again by the camera's own decoding gives the model the same
 * input up to JPEG's loss. Runs on the capture thread, never the inference thread.
 */
final class FrameJpeg {
    private static final float QUALITY = 0.95f;

    private FrameJpeg() {
    }

    /** @param data {@code [3, height, width]}, channel by channel, as the model's input */
    static byte[] encode(float[] data, int height, int width, ImageConfig image) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = (data[c * plane + i] * image.std().get(c) + image.mean().get(c)) * 255;
                    rgb = (rgb << 8) | (int) Math.max(0, Math.min(255, Math.round(v)));
                }
                img.setRGB(x, y, rgb);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
