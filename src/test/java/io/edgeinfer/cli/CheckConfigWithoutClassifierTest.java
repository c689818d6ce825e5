package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.app.ExitCodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code check-config} on a pipeline with anomaly detection alone: fine, and it says so. */
class CheckConfigWithoutClassifierTest {
    @RegisterExtension
    final Console console = new Console();

    @Test
    void theAnomalyOnlyDemoChecksOutAndSaysItHasNoClassifier() {
        CheckConfigCommand command = new CheckConfigCommand();
        command.file = Path.of("config/demo-anomaly-only.yaml");

        assertThat(command.call()).as(console.err()).isEqualTo(ExitCodes.OK);
        assertThat(console.err()).contains("no classifier: anomaly detection only").doesNotContain("model OK");
        assertThat(console.out()).as("the effective config").contains("anomaly:").doesNotContainPattern("(?m)^model:");
    }
}
