package io.edgeinfer.control.reconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.config.DaemonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys a remote push may not change are found in the config itself: every path, and the named ones. */
class RemoteKeysTest {
    @TempDir
    Path dir;

    @Test
    void everyPathOfTheConfigIsGuardedByItsKeyInTheFile() throws Exception {
        DaemonConfig c = TestConfigs.config("tcp://127.0.0.1:1", "d-1");
        assertThat(RemoteKeys.guarded(c).keySet()).containsExactlyInAnyOrder("model.path", "model.cache_dir",
                "mqtt.broker",
                "mqtt.embedded", "mqtt.tls", "mqtt.auth", "outbox.path", "control.allow_unsigned",
                "control.trusted_keys",
                "control.model_dir", "control.state_dir", "control.https.ca_file", "http", "capture.dir",
                "capture.upload",
                "anomaly.model"); // the autoencoder file (null while the section is off)
    }

    @Test
    void aSourceReadingFilesOrRunningACommandHasThemGuardedToo() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        DaemonConfig images = TestConfigs.parse(TestConfigs.yaml("tcp://127.0.0.1:1", "d-2")
                .replaceAll("(?s)source:.*?window:", "source: {type: image-dir, path: " + dir.resolve("in")
                        + ", done_dir: " + dir.resolve("done") + ", image: {width: 32, height: 32}}\nwindow:"));
        assertThat(RemoteKeys.guarded(images).keySet()).contains("source.path", "source.done_dir");
    }

    @Test
    void whereCapturedWindowsGoIsTheDevicesOwnFilesDecision() throws Exception {
        String yaml = TestConfigs.yaml("tcp://127.0.0.1:1", "d-3");
        DaemonConfig running = TestConfigs.parse(yaml + "capture: {enabled: true, min_confidence: 0.8}\n");
        DaemonConfig lower = TestConfigs.parse(yaml + "capture: {enabled: true, min_confidence: 0.6}\n");
        DaemonConfig elsewhere = TestConfigs.parse(yaml + "capture: {enabled: true, min_confidence: 0.8,"
                + " upload: {url: 'https://collector.example.net/in'}}\n");
        RemoteKeys.check(running, lower, running.nativeCacheDir(Map.of()));
        Assertions.assertThatThrownBy(() -> RemoteKeys.check(running, elsewhere, running.nativeCacheDir(Map.of())))
                .hasMessageContaining("may not change capture.upload");
    }
}
