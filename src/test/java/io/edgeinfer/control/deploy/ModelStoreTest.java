package io.edgeinfer.control.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.mqtt.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path dir;

    private ModelStore store(Path history, String config, Path modelDir) {
        return new ModelStore(history, dir.resolve(config), modelDir);
    }

    private static ModelStore.Version version(ModelStore s, String name, String sha, Path file) {
        return s.version(name, "1", sha, file, List.of("a", "b"), 0);
    }

    @Test
    void bootsOfOtherModelsAreVersionsAndTheHistoryKeepsTheLastFew() throws Exception {
        Path history = dir.resolve("state/model-history.json");
        ModelStore store = store(history, "edge.yaml", dir);
        for (int i = 0; i < 5; i++) {
            store.booted(version(store, "m" + i, "sha" + i, dir.resolve("m" + i + ".pt")), 3, dir.resolve("installed"));
        }
        store.booted(version(store, "m4", "sha4", dir.resolve("m4.pt")), 3, dir.resolve("installed"));
        assertThat(store.history()).extracting(ModelStore.Version::name).containsExactly("m2", "m3", "m4");
        assertThat(store(history, "edge.yaml", dir).history()).as("kept across restarts").hasSize(3);
        assertThat(store.previous().name()).isEqualTo("m3");
    }

    @Test
    void aDeployDeletesInstalledFilesNoKeptVersionNeedsButNeverOthers() throws Exception {
        Path installed = Files.createDirectories(dir.resolve("installed"));
        Path operators = Files.writeString(dir.resolve("operator.pt"), "x");
        Path unknown = Files.writeString(installed.resolve("someone-elses.pt"), "?");
        ModelStore store = store(dir.resolve("model-history.json"), "edge.yaml", dir);
        store.booted(version(store, "op", "sha-op", operators), 2, installed);
        Path[] files = new Path[3];
        for (int i = 0; i < 3; i++) {
            files[i] = Files.writeString(installed.resolve("v" + i + ".pt"), "v" + i);
            store.deployed(version(store, "v" + i, "sha" + i, files[i]), 2, installed);
        }
        assertThat(store.history()).extracting(ModelStore.Version::name).containsExactly("v1", "v2");
        assertThat(files[0]).doesNotExist();
        assertThat(files[1]).exists();
        assertThat(operators).as("not installed by the daemon").exists();
        assertThat(unknown).as("no version of this daemon ever named it").exists();
    }

    @Test
    void versionsOfAnotherConfigInTheSameFileAreKeptButNeverListedRolledBackToOrDeleted() throws Exception {
        Path history = dir.resolve("shared/model-history.json");
        Path installedA = Files.createDirectories(dir.resolve("a/models/installed"));
        ModelStore a = store(history, "a/edge.yaml", dir.resolve("a/models"));
        Path aBoot = Files.writeString(dir.resolve("a/models/boot.pt"), "a0");
        Path aPushed = Files.writeString(installedA.resolve("pushed.pt"), "a1");
        a.booted(version(a, "a-boot", "sha-a0", aBoot), 3, installedA);
        a.deployed(version(a, "a-pushed", "sha-a1", aPushed), 3, installedA);

        Path installedB = Files.createDirectories(dir.resolve("b/models/installed"));
        ModelStore b = store(history, "b/edge.yaml", dir.resolve("b/models"));
        assertThat(b.history()).isEmpty();
        b.booted(version(b, "b-boot", "sha-b0", dir.resolve("b/models/boot.pt")), 1, installedB);
        assertThat(b.previous()).as("a's versions are not b's to roll back to").isNull();
        assertThat(b.history()).extracting(ModelStore.Version::name).containsExactly("b-boot");

        ModelStore aAgain = store(history, "a/edge.yaml", dir.resolve("a/models"));
        assertThat(aAgain.history()).extracting(ModelStore.Version::name).containsExactly("a-boot", "a-pushed");
        assertThat(aAgain.previous().name()).isEqualTo("a-boot");
        assertThat(aPushed).exists();
    }

    @Test
    void aFileOnePipelineDropsStaysWhileAnotherPipelinesHistoryNeedsIt() throws Exception {
        Path installed = Files.createDirectories(dir.resolve("installed"));
        Path shared = Files.writeString(installed.resolve("shared.pt"), "s");
        ModelStore pump = store(dir.resolve("model-history-pump.json"), "edge.yaml", dir);
        pump.booted(version(pump, "s", "sha-s", shared), 1, installed);
        ModelStore spindle = new ModelStore(dir.resolve("model-history-spindle.json"), dir.resolve("edge.yaml"), dir,
                pump::uses);
        spindle.booted(version(spindle, "s", "sha-s", shared), 1, installed);
        Path own = Files.writeString(installed.resolve("own.pt"), "o");
        spindle.deployed(version(spindle, "o", "sha-o", own), 1, installed);
        assertThat(spindle.history()).extracting(ModelStore.Version::name).containsExactly("o");
        assertThat(shared).as("the pump still serves it").exists();
        Path next = Files.writeString(installed.resolve("next.pt"), "n");
        spindle.deployed(version(spindle, "n", "sha-n", next), 1, installed);
        assertThat(own).as("no pipeline needs it any more").doesNotExist();
    }

    @Test
    void anEntryFromBeforeOwnersWereKeptIsOursOnlyInsideOurModelDirectory() throws Exception {
        Path history = dir.resolve("model-history.json");
        String legacy = "[{\"name\":\"mine\",\"version\":\"1\",\"sha256\":\"s1\",\"path\":\"" + dir.resolve(
                "models/m.pt")
                + "\",\"labels\":[\"a\",\"b\"],\"deployed_ms\":1},"
                + "{\"name\":\"theirs\",\"version\":\"1\",\"sha256\":\"s2\",\"path\":\"/elsewhere/models/t.pt\","
                + "\"labels\":[\"a\",\"b\"],\"deployed_ms\":2}]";
        Files.writeString(history, legacy);
        ModelStore s = store(history, "edge.yaml", dir.resolve("models"));
        assertThat(s.history()).extracting(ModelStore.Version::name).containsExactly("mine");
        s.booted(version(s, "now", "s3", dir.resolve("models/n.pt")), 3, dir.resolve("models/installed"));
        assertThat(Json.mapper().readTree(history.toFile())).extracting(v -> v.get("name").asText())
                .as("the foreign entry is still in the file").containsExactly("theirs", "mine", "now");
    }

    @Test
    void anInstalledFileIsNamedByNameVersionAndItsDigestOnce() throws Exception {
        Path installed = Files.createDirectories(dir.resolve("installed"));
        ModelStore s = store(dir.resolve("h.json"), "edge.yaml", dir);
        String sha = "81fa4ef7630af9ad485b23d8be893227ef139d53122963307369990c173c9b09";
        Path a = s.install(fetched(installed, sha), "vibration_fp32", "81fa4ef7630a", installed);
        assertThat(a.getFileName().toString()).as("push-model's default version is the digest").isEqualTo(
                "vibration_fp32-81fa4ef7630a.pt");
        Path b = s.install(fetched(installed, sha), "vibration-mlp", "2.0.0", installed);
        assertThat(b.getFileName().toString()).isEqualTo("vibration-mlp-2.0.0-81fa4ef7630a.pt");
    }

    private static Fetched fetched(Path dir, String sha) throws Exception {
        return new Fetched(Files.writeString(LimitedCopy.tempFile(dir), "model"), sha, 5, null);
    }

    @Test
    void whatAnInstallCutShortLeftIsRemovedAtStart() throws Exception {
        Path installed = Files.createDirectories(dir.resolve("installed"));
        Path download = Files.writeString(LimitedCopy.tempFile(installed), "half");
        Path transfer = Files.createDirectories(installed.resolve(".transfer-tx-1"));
        Files.writeString(transfer.resolve("0.chunk"), "c");
        Path kept = Files.writeString(installed.resolve("vibration-mlp-2.0.0-81fa4ef7630a.pt"), "v");
        store(dir.resolve("h.json"), "edge.yaml", dir).removeLeftovers(installed);
        assertThat(download).doesNotExist();
        assertThat(transfer).doesNotExist();
        assertThat(kept).exists();
    }
}
