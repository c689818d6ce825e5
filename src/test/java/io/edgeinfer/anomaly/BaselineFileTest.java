package io.edgeinfer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.anomaly.GaussianMixture.Component;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineFileTest {
    @TempDir
    Path dir;

    static Baseline sample() {
        double[][] cov = {{1.5, 0.2}, {0.2, 0.7}};
        GaussianMixture m = new GaussianMixture(new double[]{0.1, -2}, new double[]{0.3, 0.01},
                List.of(new Component(0.25, new double[]{1, 2}, cov, 0.125), new Component(0.75, new double[]{-1, 0},
                        cov, 0)));
        double[] calibration = new double[100];
        for (int i = 0; i < calibration.length; i++) {
            calibration[i] = Math.PI * i / 7;
        }
        return new Baseline("abc123", "stats", List.of("x.rms", "shaft_hz"), 1000, 2000, 500, 300, 1, m, calibration);
    }

    @Test
    void aBaselineReadsBackExactlyAndLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("state").resolve("anomaly.baseline");
        BaselineFile.write(f, sample());
        Baseline b = BaselineFile.read(f);
        assertThat(b.configHash()).isEqualTo("abc123");
        assertThat(b.features()).containsExactly("x.rms", "shaft_hz");
        assertThat(b.learnedWindows()).isEqualTo(500);
        assertThat(b.calibration()).containsExactly(sample().calibration());
        assertThat(b.mixture().components().get(0).covariance()[0]).containsExactly(1.5, 0.2);
        assertThat(b.mixture().scale()).containsExactly(0.3, 0.01);
        assertThat(b.mixture().score(new double[]{0.5, -1.9})).isEqualTo(sample().mixture().score(new double[]{0.5,
                -1.9}));
        try (var files = Files.list(f.getParent())) {
            assertThat(files.toList()).containsExactly(f);
        }
        assertThat(BaselineFile.read(dir.resolve("none"))).isNull();
    }

    @Test
    void aTruncatedGarbageAlteredOrForeignFileIsDamagedNeverACrash() throws Exception {
        Path f = dir.resolve("anomaly.baseline");
        BaselineFile.write(f, sample());
        byte[] good = Files.readAllBytes(f);

        Files.write(f, Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> BaselineFile.read(f)).isInstanceOf(BaselineFile.Damaged.class).hasMessageContaining(
                "truncated");

        byte[] flipped = good.clone();
        flipped[good.length - 20] ^= 0x04;
        Files.write(f, flipped);
        assertThatThrownBy(() -> BaselineFile.read(f)).isInstanceOf(BaselineFile.Damaged.class).hasMessageContaining(
                "checksum");

        byte[] garbage = new byte[3000];
        new Random(1).nextBytes(garbage);
        Files.write(f, garbage);
        assertThatThrownBy(() -> BaselineFile.read(f)).isInstanceOf(BaselineFile.Damaged.class);

        Files.writeString(f, "{\"format\": \"something-else\"}\n");
        assertThatThrownBy(() -> BaselineFile.read(f)).isInstanceOf(BaselineFile.Damaged.class);

        Files.write(f, good);
        Files.writeString(f, "more", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> BaselineFile.read(f)).isInstanceOf(BaselineFile.Damaged.class);

        Files.write(f, new byte[0]);
        assertThatThrownBy(() -> BaselineFile.read(f)).isInstanceOf(BaselineFile.Damaged.class);
    }
}
