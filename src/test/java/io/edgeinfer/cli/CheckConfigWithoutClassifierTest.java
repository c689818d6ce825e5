package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.app.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code check-config} on a pipeline with anomaly detection alone: fine, and it says so. */
class CheckConfigWithoutClassifierTest {
    @Test
    void theAnomalyOnlyDemoChecksOutAndSaysItHasNoClassifier() {
        CheckConfigCommand command = new CheckConfigCommand();
        command.file = Path.of("config/demo-anomaly-only.yaml");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        PrintStream stdout = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = command.call();
        } finally {
            System.setErr(stderr);
            System.setOut(stdout);
        }

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCodes.OK);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no classifier: anomaly detection only")
                .doesNotContain("model OK");
        assertThat(out.toString(StandardCharsets.UTF_8)).as("the effective config").contains("anomaly:")
                .doesNotContainPattern("(?m)^model:");
    }
}
