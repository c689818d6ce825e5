package io.edgeinfer.control.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path dir;

    private static ModelStore.Version version(String name, String sha, Path file) {
        return new ModelStore.Version(name, "1", sha, file.toString(), List.of("a", "b"), 0);
    }

    @Test
    void bootsOfOtherModelsAreVersionsAndTheHistoryKeepsTheLastFew() throws Exception {
        Path history = dir.resolve("state/model-history.json");
        ModelStore store = new ModelStore(history);
        for (int i = 0; i < 5; i++) {
            store.booted(version("m" + i, "sha" + i, dir.resolve("m" + i + ".pt")), 3);
        }
        store.booted(version("m4", "sha4", dir.resolve("m4.pt")), 3);
        assertThat(store.history()).extracting(ModelStore.Version::name).containsExactly("m2", "m3", "m4");
        assertThat(new ModelStore(history).history()).as("kept across restarts").hasSize(3);
        assertThat(store.previous().name()).isEqualTo("m3");
    }

    @Test
    void aDeployPrunesInstalledFilesNoKeptVersionNeedsButNeverOthers() throws Exception {
        Path installed = Files.createDirectories(dir.resolve("installed"));
        Path operators = Files.writeString(dir.resolve("operator.pt"), "x");
        ModelStore store = new ModelStore(dir.resolve("model-history.json"));
        store.booted(version("op", "sha-op", operators), 2);
        Path[] files = new Path[3];
        for (int i = 0; i < 3; i++) {
            files[i] = Files.writeString(installed.resolve("v" + i + ".pt"), "v" + i);
            store.deployed(version("v" + i, "sha" + i, files[i]), 2, installed);
        }
        assertThat(store.history()).extracting(ModelStore.Version::name).containsExactly("v1", "v2");
        assertThat(files[0]).doesNotExist();
        assertThat(files[1]).exists();
        assertThat(operators).as("not installed by the daemon").exists();
    }
}
