package io.edgeinfer.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeinfer.config.ImageConfig;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
    private static final ImageConfig PLAIN = new ImageConfig(8, 6, 8, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0));

    private static BufferedImage image(int w, int h, Color fill) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(fill);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    @Test
    void channelsAreLaidOutPlaneByPlaneAndNormalisedPerConfig() {
        ImageConfig c = new ImageConfig(4, 3, 4, List.of(0.5, 0.25, 0.0), List.of(0.5, 0.25, 2.0));
        float[] t = new ImagePreprocessor(c).toTensor(image(40, 30, new Color(255, 0, 51)));
        assertThat(t).hasSize(3 * 3 * 4);
        for (int i = 0; i < 12; i++) {
            assertThat(t[i]).as("R").isCloseTo((1f - 0.5f) / 0.5f, within(1e-5f));
            assertThat(t[12 + i]).as("G").isCloseTo((0f - 0.25f) / 0.25f, within(1e-5f));
            assertThat(t[24 + i]).as("B").isCloseTo(0.2f / 2f, within(1e-5f));
        }
    }

    @Test
    void theShorterSideIsScaledToResizeAndTheCentreIsCut() {
        // 160 x 120 -> 107 x 80 (resize 80) -> centre 8 x 6 lies inside the middle square.
        BufferedImage img = image(160, 120, Color.BLACK);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(70, 52, 20, 16); // the centre 20 x 16 pixels of the frame
        g.dispose();
        ImageConfig c = new ImageConfig(8, 6, 80, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0));
        float[] t = new ImagePreprocessor(c).toTensor(img);
        // 20 x 16 source pixels become ~13 x 11 after scaling: the whole 8 x 6 crop is white.
        for (int i = 0; i < 48; i++) {
            assertThat(t[i]).isGreaterThan(0.95f);
        }
    }

    @Test
    void wideImagesLoseTheirSidesNotTheirMiddle() {
        BufferedImage img = image(200, 60, Color.WHITE);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 60, 60);
        g.fillRect(140, 0, 60, 60);
        g.dispose();
        float[] t = new ImagePreprocessor(new ImageConfig(6, 6, 6, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0)))
                .toTensor(img);
        for (int i = 0; i < 36; i++) {
            assertThat(t[i]).isGreaterThan(0.9f);
        }
    }

    @Test
    void aLargeReductionAveragesInsteadOfSkippingPixels() {
        // One-pixel black and white stripes: averaged they are mid grey; sampled they would be
        // black or white.
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 640; x += 2) {
            for (int y = 0; y < 480; y++) {
                img.setRGB(x, y, 0xFFFFFF);
            }
        }
        float[] t = new ImagePreprocessor(PLAIN).toTensor(img);
        for (int i = 0; i < 48; i++) {
            assertThat(t[i]).isBetween(0.35f, 0.65f);
        }
    }
}
