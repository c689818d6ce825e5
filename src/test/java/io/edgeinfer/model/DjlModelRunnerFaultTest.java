package io.edgeinfer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault models of src/test/resources/models (make_fault_models.py) on real DJL: each is refused
 * at load with what is wrong, or, when it only goes wrong later, loads like any other model.
 */
class DjlModelRunnerFaultTest {
    private static final Path FAULTS = Path.of("src/test/resources/models");
    private static final List<String> LABELS = List.of("normal", "imbalance", "misalignment", "bearing_fault");

    @BeforeAll
    static void engine() {
        DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), 1);
    }

    private static DjlModelRunner load(String file) throws ModelLoadException {
        return DjlModelRunner.load(FAULTS.resolve(file), "fault", "1", LABELS, 3, 256);
    }

    private static void refused(String file, ModelLoadException.Reason reason, String message) {
        assertThatThrownBy(() -> load(file)).isInstanceOfSatisfying(ModelLoadException.class, e -> {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void infiniteOutputsAreRefusedAsNonFinite() {
        refused("inf.pt", ModelLoadException.Reason.NON_FINITE, "non-finite outputs");
    }

    @Test
    void aTupleOfOutputsIsRefusedNotReadAsItsFirstTensor() {
        refused("tuple_output.pt", ModelLoadException.Reason.OUTPUT, "returns 2 outputs (a tuple or list)");
    }

    @Test
    void integerOutputsAreRefusedAsNotLogitsNotAsAWrongInputShape() {
        refused("int64_output.pt", ModelLoadException.Reason.OUTPUT, "is int64");
    }

    @Test
    void twoAnswersForOneWindowAreAWrongLabelCount() {
        refused("batch_output.pt", ModelLoadException.Reason.LABEL_COUNT, "8 outputs but 4 labels");
    }

    @Test
    void aModelThatTurnsNanLaterLoadsAndAnswersUntilThen() throws Exception {
        try (DjlModelRunner m = load("nan_after.pt")) {
            Window w = Window.of(0, new int[]{3, 256}, new float[768]);
            // The load check was call 1; calls 2-200 answer, call 201 gives NaN.
            for (int i = 2; i <= 200; i++) {
                float[] logits = m.predict(w).logits();
                for (float v : logits) {
                    assertThat(v).as("call %d", i).isFinite();
                }
            }
            assertThat(m.predict(w).logits()).containsOnly(Float.NaN);
        }
    }
}
