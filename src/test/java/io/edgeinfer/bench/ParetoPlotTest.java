package io.edgeinfer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParetoPlotTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @Test
    void thePlotIsAPngThatDecodesAndShowsTheModels(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("sub/plot.png");
        ParetoPlot.write(BenchResults.run(List.of(
                BenchResults.ok("big", 0.99, 2.0, 500_000),
                BenchResults.ok("small", 0.97, 0.5, 5_000),
                BenchResults.failed("broken", "rejects input"))), png);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly(PNG_SIGNATURE);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isEqualTo(900);
        assertThat(img.getHeight()).isEqualTo(600);
        assertThat(distinctColours(img)).as("a drawn chart, not a blank canvas").isGreaterThan(20);
    }

    @Test
    void aRunWithNothingMeasuredStillGivesAValidEmptyChart(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("empty.png");
        ParetoPlot.write(BenchResults.run(List.of(BenchResults.failed("broken", "rejects input"))), png);
        assertThat(ImageIO.read(png.toFile())).isNotNull();
    }

    private static long distinctColours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
