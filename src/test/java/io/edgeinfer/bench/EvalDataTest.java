package io.edgeinfer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalDataTest {
    @TempDir
    Path dir;

    @Test
    void csvRowsBecomeChannelByWindowSamples() throws Exception {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "label,x_0,x_1,y_0,y_1\nup,1,2,3,4\ndown,-1,-2,-3,-4.5\nup,0,0,0,0\n");
        EvalData d = EvalData.load(f);
        assertThat(d.sampleShape()).containsExactly(2L, 2L);
        assertThat(d.inputShape()).containsExactly(1L, 2L, 2L);
        assertThat(d.labels()).containsExactly("up", "down");
        assertThat(d.samples()).hasSize(3);
        assertThat(d.samples().get(1).data()).containsExactly(-1f, -2f, -3f, -4.5f);
    }

    @Test
    void badCsvIsRefusedNamingTheLine() throws Exception {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "label,x_0,x_1\na,1,2\nb,1,oops\n");
        assertThatThrownBy(() -> EvalData.load(f)).isInstanceOf(BenchDataException.class).hasMessageContaining(
                "d.csv:3: column 3 is not a number");
        Files.writeString(f, "label,x_0,x_1\na,1\n");
        assertThatThrownBy(() -> EvalData.load(f)).hasMessageContaining("d.csv:2: 1 values, the header has 2");
        Files.writeString(f, "value,x_0\n");
        assertThatThrownBy(() -> EvalData.load(f)).hasMessageContaining("first column must be 'label'");
        assertThatThrownBy(() -> EvalData.load(dir.resolve("none.csv"))).hasMessageContaining(
                "no such file or directory");
    }

    @Test
    void greyImagesGiveOneChannelAndColourImagesThreeInRgbOrder() throws Exception {
        BufferedImage grey = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 2, 0, 255);
        write("g/dark", "0.png", grey);
        EvalData g = EvalData.load(dir.resolve("g"));
        assertThat(g.sampleShape()).containsExactly(1L, 3L, 4L);
        assertThat(g.samples().get(0).data()[2 * 4 + 1]).isEqualTo(1f);
        assertThat(g.samples().get(0).label()).isEqualTo("dark");

        BufferedImage rgb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 0, new Color(255, 51, 0).getRGB());
        write("c/b", "1.png", rgb);
        write("c/a", "0.png", rgb);
        EvalData c = EvalData.load(dir.resolve("c"));
        assertThat(c.sampleShape()).containsExactly(3L, 2L, 2L);
        assertThat(c.labels()).as("folders in name order").containsExactly("a", "b");
        float[] x = c.samples().get(0).data();
        assertThat(new float[]{x[1], x[4 + 1], x[8 + 1]}).containsExactly(1f, 0.2f, 0f);
    }

    @Test
    void imagesOfAnotherSizeAreRefusedNamingTheFile() throws Exception {
        write("i/a", "0.png", new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY));
        write("i/b", "1.png", new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY));
        assertThatThrownBy(() -> EvalData.load(dir.resolve("i"))).hasMessageContaining(
                "1.png: shape [1, 4, 5] differs from [1, 4, 4]");
        Files.createDirectories(dir.resolve("empty/a"));
        assertThatThrownBy(() -> EvalData.load(dir.resolve("empty"))).hasMessageContaining("no images");
    }

    private void write(String folder, String name, BufferedImage img) throws Exception {
        Path d = Files.createDirectories(dir.resolve(folder));
        ImageIO.write(img, "png", d.resolve(name).toFile());
    }
}
