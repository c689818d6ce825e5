package io.edgeinfer.config;

import static io.edgeinfer.config.ConfigFolder.MINIMAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code publish} section: defaults, refusals, and what it may not be combined with. */
class PublishConfigTest {
    @TempDir
    Path dir;

    @Test
    void everyPredictionIsPublishedUnlessTheConfigSaysOtherwise() throws Exception {
        PublishConfig p = ConfigFolder.parse(dir, MINIMAL).first().publish();
        assertThat(p).isEqualTo(new PublishConfig(PublishConfig.Mode.EVERY, 0.1, 60, 50, 1000));
        assertThat(PublishConfig.of(Map.of())).isEqualTo(p);
    }

    @Test
    void eachPipelineHasItsOwnMode() throws Exception {
        DaemonConfig c = ConfigFolder.parse(dir, """
                device_id: dev-1
                pipelines:
                  - id: fast
                    model: {path: m.pt, labels: [a, b]}
                    publish: {mode: batch, max_batch: 200, linger_ms: 250}
                  - id: slow
                    model: {path: m.pt, labels: [a, b]}
                    publish: {mode: on_change, deadband: 0.05, heartbeat_s: 300}
                """);
        assertThat(c.pipeline("fast").orElseThrow().publish())
                .isEqualTo(new PublishConfig(PublishConfig.Mode.BATCH, 0.1, 60, 200, 250));
        assertThat(c.pipeline("slow").orElseThrow().publish())
                .isEqualTo(new PublishConfig(PublishConfig.Mode.ON_CHANGE, 0.05, 300, 50, 1000));
    }

    @Test
    void valuesOutOfRangeAreRefusedEachWithItsKey() {
        assertThat(ConfigFolder.errors(dir,
                MINIMAL + "publish: {mode: sometimes, deadband: 1.5, heartbeat_s: 0, max_batch: 0, linger_ms: 0}\n"))
                .anySatisfy(e -> assertThat(e).startsWith("publish.mode: must be one of [batch, every, on_change]"))
                .anySatisfy(e -> assertThat(e).startsWith("publish.deadband: must be between"))
                .anySatisfy(e -> assertThat(e).startsWith("publish.heartbeat_s: must be between"))
                .anySatisfy(e -> assertThat(e).startsWith("publish.max_batch: must be between"))
                .anySatisfy(e -> assertThat(e).startsWith("publish.linger_ms: must be between"));
        assertThatThrownBy(() -> PublishConfig.of(Map.of("mode", "batch", "max_batch", 0)))
                .hasMessageContaining("publish.max_batch");
    }

    @Test
    void batchIsRefusedWithSparkplugAndSaysWhy() {
        assertThat(ConfigFolder.errors(dir, MINIMAL + "publish: {mode: batch}\nmqtt: {format: sparkplug}\n"))
                .singleElement().satisfies(e -> assertThat(e)
                        .startsWith("publish.mode: batch does not go with mqtt.format: sparkplug")
                        .contains("own timestamp", "report by exception"));
        assertThat(ConfigFolder.errors(dir, """
                device_id: dev-1
                mqtt: {format: sparkplug}
                pipelines:
                  - {id: a, model: {path: m.pt, labels: [a, b]}, publish: {mode: on_change}}
                  - {id: b, model: {path: m.pt, labels: [a, b]}, publish: {mode: batch}}
                """)).singleElement().satisfies(e -> assertThat(e).startsWith("pipelines[1].publish.mode: batch"));
    }

    @Test
    void onChangeWorksWithSparkplug() throws Exception {
        DaemonConfig c = ConfigFolder.parse(dir, MINIMAL + "publish: {mode: on_change}\nmqtt: {format: sparkplug}\n");
        assertThat(c.first().publish().mode()).isEqualTo(PublishConfig.Mode.ON_CHANGE);
    }

    @Test
    void theEffectiveConfigPrintsThePublishSectionBackAsItReads() throws Exception {
        DaemonConfig c = ConfigFolder.parse(dir, MINIMAL + "publish: {mode: on_change, heartbeat_s: 30}\n");
        String yaml = ConfigLoader.render(c);
        assertThat(yaml).contains("mode: on_change", "heartbeat_s: 30");
        assertThat(new ConfigLoader(Map.of()).parse(yaml, dir)).isEqualTo(c);
    }
}
