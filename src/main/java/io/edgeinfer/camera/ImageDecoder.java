package io.edgeinfer.camera;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * JPEG (and PNG, BMP, GIF) bytes to an image, with the JDK's ImageIO. Strict: the JDK's JPEG reader
 * decodes a truncated or damaged frame by filling the rest with grey and only warns, so any warning
 * makes the image corrupt here; classifying half a grey frame would be silently wrong.
 */
public final class ImageDecoder {

    public BufferedImage decode(byte[] bytes) throws CorruptImageException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new CorruptImageException("not an image format the JDK reads (" + bytes.length + " bytes)");
            }
            ImageReader reader = readers.next();
            String[] warning = new String[1];
            try {
                reader.setInput(iis, true, true);
                reader.addIIOReadWarningListener((source, w) -> warning[0] = w);
                BufferedImage img = reader.read(0);
                if (warning[0] != null) {
                    throw new CorruptImageException("damaged image: " + warning[0]);
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new CorruptImageException("does not decode: " + e.getMessage());
        }
    }
}
