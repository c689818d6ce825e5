package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.DaemonConfig;
import org.junit.jupiter.api.Test;

/** What the daemon refuses to run before it loads anything. */
class PipelinesTest {
    @Test
    void aPipelineWithAnomalyDetectionAloneIsRefusedNamingItsModelKey() throws Exception {
        DaemonConfig single = TestConfigs.parse("device_id: d\nanomaly: {enabled: true}\n");
        assertThatThrownBy(() -> ModelCheck.all(single)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("model: is required to run the daemon");
        DaemonConfig named = TestConfigs.parse(
                "device_id: d\npipelines:\n  - id: pump\n    anomaly: {enabled: true}\n");
        assertThatThrownBy(() -> ModelCheck.all(named))
                .satisfies(e -> assertThat(((ConfigException) e).errors().get(0).toString())
                        .startsWith("pipelines[pump].model: is required to run the daemon"));
    }
}
