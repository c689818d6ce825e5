package io.edgeinfer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real libtorch DJL loaded, driven through JNA. */
class QuantizedEnginesTest {
    static QuantizedEngines engines;

    @BeforeAll
    static void open() throws Exception {
        DjlEngine.configure(Path.of(System.getProperty("user.home"), ".cache", "edgeinfer", "djl"), 1);
        engines = QuantizedEngines.open();
    }

    @Test
    void qnnpackIsAlwaysThereAndCanBeSelectedAndUndone() {
        assertThat(engines.supported()).contains("qnnpack").doesNotHaveDuplicates();
        String before = engines.current();
        assertThat(engines.supported()).contains(before);
        try {
            engines.set("qnnpack");
            assertThat(engines.current()).isEqualTo("qnnpack");
        } finally {
            engines.set(before);
        }
        assertThat(engines.current()).isEqualTo(before);
    }

    @Test
    void anEngineTheBuildLacksIsRefusedBeforeItCanAbortTheProcess() {
        assertThatThrownBy(() -> engines.set("tpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quantized engine 'tpu' is not supported")
                .hasMessageContaining("qnnpack");
        assertThatThrownBy(() -> engines.set("none")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLibraryIsFoundAmongTheMappedFiles() throws Exception {
        assertThat(QuantizedEngines.loadedLibrary("libtorch_cpu.so").getFileName().toString()).isEqualTo("libtorch_cpu.so");
        assertThatThrownBy(() -> QuantizedEngines.loadedLibrary("libnothing-here.so"))
                .hasMessageContaining("libnothing-here.so is not loaded");
    }
}
