package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.DaemonConfig;
import org.junit.jupiter.api.Test;

/** What the daemon loads before it runs its pipelines. */
class PipelinesTest {
    @Test
    void aPipelineWithAnomalyDetectionAloneLoadsNoModelAndIsNotRefused() throws Exception {
        DaemonConfig single = TestConfigs.parse("device_id: d\nanomaly: {enabled: true}\n");
        assertThat(ModelCheck.all(single)).isEmpty();
        DaemonConfig named = TestConfigs.parse(
                "device_id: d\npipelines:\n  - id: pump\n    anomaly: {enabled: true}\n");
        assertThat(ModelCheck.all(named)).isEmpty();
    }
}
