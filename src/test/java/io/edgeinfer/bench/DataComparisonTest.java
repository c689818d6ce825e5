package io.edgeinfer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeinfer.config.SensorMount;
import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.sensor.SimulatedDataset;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every model on every data set, side by side: real DJL on the committed tiny models (figures worked
 * out by hand from each row's channel means, as in {@link ModelBenchTest}) and on the demo models
 * with the simulator's two mounts.
 */
class DataComparisonTest {
    static final Path ARGMAX = ModelBenchTest.ARGMAX;
    static final Path ARGMIN = ModelBenchTest.ARGMIN;
    static final Path FP32 = Path.of("models/vibration_fp32.pt");
    static final Path INT8 = Path.of("models/vibration_int8.pt");
    static final BenchSettings SETTINGS = new BenchSettings(null, 2, 10, 1, null);

    @TempDir
    static Path dir;
    static EvalData tiny;
    static EvalData flipped;
    final List<String> warnings = new ArrayList<>();

    @BeforeAll
    static void engineAndData() throws Exception {
        DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), 1);
        tiny = EvalData.load(ModelBenchTest.DIR.resolve("tiny.csv"));
        // channel means: each label is the smallest channel but the last, the largest
        flipped = EvalData.load(csv("flipped.csv", "label,x_0,x_1,y_0,y_1,z_0,z_1", "a,0,0,5,5,3,3",
                "b,5,5,0,0,3,3", "c,5,5,3,3,0,0", "a,5,5,0,0,1,1"));
    }

    static Path csv(String name, String... lines) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    @Test
    void everyModelRunsOnEveryDataSetAndTheTableShowsThemSideBySide() throws Exception {
        EvalData wide = EvalData.load(csv("wide.csv", "label,x_0,x_1,x_2,x_3,y_0,y_1,y_2,y_3,z_0,z_1,z_2,z_3",
                "a,0,0,0,0,5,5,5,5,3,3,3,3", "b,5,5,5,5,0,0,0,0,3,3,3,3", "c,5,5,5,5,3,3,3,3,0,0,0,0",
                "a,5,5,5,5,0,0,0,0,1,1,1,1"));
        DataComparison c = new DataComparison(List.of(tiny, wide), SETTINGS, warnings::add);
        c.check(List.of(ARGMAX, ARGMIN));
        List<BenchRun> runs = c.run(List.of(ARGMAX, ARGMIN), false);

        assertThat(runs).extracting(BenchRun::data).containsExactly(tiny.source(), wide.source());
        assertThat(runs.get(0).models()).extracting(ModelResult::accuracy).containsExactly(0.7, 0.2);
        assertThat(runs.get(1).models()).extracting(ModelResult::accuracy).containsExactly(0.25, 0.75);

        String md = ComparisonReport.markdown(runs);
        assertThat(md).contains("| model | size (bytes) | accuracy on " + tiny.source() + " | accuracy on "
                + wide.source() + " | p50 ms |");
        assertThat(md).contains("| tiny_argmax | " + String.format("%,d", Files.size(ARGMAX))
                + " | 70.00 % | 25.00 % |");
        assertThat(md).contains("| tiny_argmin_int8 | " + String.format("%,d", Files.size(ARGMIN))
                + " | 20.00 % (-50.00) | 75.00 % (+50.00) |");
        assertThat(md).contains("### On " + tiny.source(), "### On " + wide.source());

        JsonNode json = new ObjectMapper().readTree(ComparisonReport.json(runs));
        JsonNode min = json.get("comparison").get(1);
        assertThat(min.get("name").asText()).isEqualTo("tiny_argmin_int8");
        assertThat(min.get("accuracy").get(wide.source()).asDouble()).isCloseTo(0.75, within(1e-9));
        assertThat(json.get("runs")).hasSize(2);
        assertThat(json.get("runs").get(1).get("models").get(0).get("accuracy").asDouble()).isCloseTo(0.25,
                within(1e-9));
    }

    @Test
    void aModelThatDoesNotTakeADataSetsSamplesIsRefusedNamingBothBeforeAnythingRuns() {
        DataComparison c = new DataComparison(List.of(tiny, flipped), SETTINGS, warnings::add);
        assertThatThrownBy(() -> c.check(List.of(ARGMAX, FP32))).isInstanceOf(BenchDataException.class)
                .hasMessageContaining("--data " + flipped.source() + ": samples [3, 2] do not fit model "
                        + ARGMAX + " (input [1, 3, 4])")
                .hasMessageContaining("--data " + tiny.source() + ": samples [3, 4] do not fit model " + FP32
                        + " (input [1, 3, 256])");
    }

    @Test
    void aDataSetWithALabelTheModelDoesNotKnowIsRefusedNamingTheLabel() throws Exception {
        EvalData other = EvalData.load(csv("other.csv", "label,x_0,x_1,x_2,x_3,y_0,y_1,y_2,y_3,z_0,z_1,z_2,z_3",
                "a,0,0,0,0,5,5,5,5,3,3,3,3", "loose,5,5,5,5,0,0,0,0,3,3,3,3"));
        DataComparison c = new DataComparison(List.of(tiny, other), SETTINGS, warnings::add);
        assertThatThrownBy(() -> c.check(List.of(ARGMAX))).isInstanceOf(BenchDataException.class)
                .hasMessage("--data " + other.source() + ": labels [loose] are not among model " + ARGMAX
                        + "'s labels [a, b, c]");
    }

    @Test
    void theDemoModelsLoseAccuracyOnTheSideMountAndTheComparisonShowsIt() throws Exception {
        EvalData top = simulated("top.csv", SensorMount.TOP);
        EvalData side = simulated("side.csv", SensorMount.SIDE);
        List<BenchRun> runs = new DataComparison(List.of(top, side), SETTINGS, warnings::add).run(List.of(FP32,
                INT8), false);
        for (int m = 0; m < 2; m++) {
            double onTop = runs.get(0).models().get(m).accuracy();
            double onSide = runs.get(1).models().get(m).accuracy();
            assertThat(onTop).as("model %d on its training mount", m).isGreaterThan(0.9);
            assertThat(onSide).as("model %d on the side mount", m).isLessThan(onTop - 0.2);
        }
    }

    private static EvalData simulated(String name, SensorMount mount) throws Exception {
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file)) {
            new SimulatedDataset(7, 400, 256, mount).writeCsv(60, w);
        }
        return EvalData.load(file);
    }
}
