package io.edgeinfer.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void aRecordedFrameDecodesToItsSize() throws Exception {
        BufferedImage img = decoder.decode(Recorded.frames().get(0));
        assertThat(img.getWidth()).isEqualTo(160);
        assertThat(img.getHeight()).isEqualTo(120);
    }

    @Test
    void aTruncatedJpegIsCorruptNotHalfGrey() {
        byte[] f = Recorded.frames().get(1);
        byte[] cut = Arrays.copyOf(f, f.length * 2 / 3);
        assertThatThrownBy(() -> decoder.decode(cut)).isInstanceOf(CorruptImageException.class);
    }

    @Test
    void damagedEntropyDataIsCorrupt() {
        byte[] f = Recorded.frames().get(2).clone();
        // Overwrite the middle of the scan with a restart marker sequence the frame does not declare.
        for (int i = f.length / 2; i < f.length / 2 + 40; i += 2) {
            f[i] = (byte) 0xFF;
            f[i + 1] = (byte) 0xD3;
        }
        assertThatThrownBy(() -> decoder.decode(f)).isInstanceOf(CorruptImageException.class);
    }

    @Test
    void bytesThatAreNoImageAreCorrupt() {
        assertThatThrownBy(() -> decoder.decode("hello".getBytes()))
                .isInstanceOf(CorruptImageException.class)
                .hasMessageContaining("not an image");
    }

    @Test
    void pngDecodesToo() throws Exception {
        BufferedImage src = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        src.setRGB(3, 2, 0x123456);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(src, "png", out);
        BufferedImage img = decoder.decode(out.toByteArray());
        assertThat(img.getRGB(3, 2) & 0xFFFFFF).isEqualTo(0x123456);
    }
}
