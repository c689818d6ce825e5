package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.app.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgeinfer capture export} and {@code dataset}: what they do, and what they say when they cannot. */
class CaptureCommandTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final Console console = new Console();

    private Path config(String capture) throws Exception {
        return Files.writeString(dir.resolve("edgeinfer.yaml"), """
                device_id: dev-9
                model: {path: "%s"}
                source: {type: simulated-vibration}
                capture: %s
                outbox: {path: state/outbox.db}
                control: {state_dir: state}
                """.formatted(Path.of("models/vibration_int8.pt").toAbsolutePath(), capture));
    }

    private int export(Path file, String... more) {
        String[] args = new String[4 + more.length];
        System.arraycopy(new String[]{"capture", "export", file.toString(), "--out=" + dir.resolve("stick")}, 0, args,
                0, 4);
        System.arraycopy(more, 0, args, 4, more.length);
        return Main.execute(args);
    }

    @Test
    void aConfigThatDoesNotCaptureIsUsageNamingIt() throws Exception {
        assertThat(export(config("{enabled: false}"))).isEqualTo(ExitCodes.USAGE);
        assertThat(console.err()).contains("capture.enabled is false");
        assertThat(export(config("{enabled: true}"), "--pipeline", "other")).isEqualTo(ExitCodes.USAGE);
        assertThat(console.err()).contains("'other' is not a capturing pipeline");
    }

    @Test
    void aBadConfigExits78NamingTheKey() throws Exception {
        assertThat(export(config("{enabled: true, max_items: 0}"))).isEqualTo(ExitCodes.CONFIG);
        assertThat(console.err()).contains("capture.max_items");
    }

    @Test
    void aPipelineThatKeptNothingYetIsSaidAndTheExportSucceeds() throws Exception {
        assertThat(export(config("{enabled: true}"))).isEqualTo(ExitCodes.OK);
        assertThat(console.err()).contains("main: nothing kept yet in " + dir.resolve("state/capture/main"));
    }

    @Test
    void aHoldoutOutsideZeroToBelowOneIsUsageNamingItAndNothingIsWritten() throws Exception {
        Path items = Files.createDirectories(dir.resolve("pulled"));
        for (String bad : new String[]{"1", "-0.1", "NaN", "1.5"}) {
            assertThat(Main.execute("capture", "dataset", items.toString(), "--out", dir.resolve("ds").toString(),
                    "--holdout", bad)).as(bad).isEqualTo(ExitCodes.USAGE);
            assertThat(console.err()).contains("--holdout must be at least 0 and below 1");
        }
        assertThat(dir.resolve("ds")).doesNotExist();
    }

    @Test
    void datasetSaysWhatItWroteAndExits65OnABadItemWritingNothing() throws Exception {
        Path items = Files.createDirectories(dir.resolve("pulled/dev-9/main"));
        String[] args = {"capture", "dataset", dir.resolve("pulled").toString(), "--out", dir.resolve("ds").toString()};
        assertThat(Main.execute(args)).isEqualTo(CaptureDatasetCommand.DATA_ERROR);
        assertThat(console.err()).contains("holds no capture items").contains("nothing was written");

        Files.writeString(items.resolve("1767225600000-0000abcd.json"), "{\"format\": \"edgeinfer-capture/1\"}");
        assertThat(Main.execute(args)).isEqualTo(CaptureDatasetCommand.DATA_ERROR);
        assertThat(console.err()).contains("1767225600000-0000abcd.json: names itself 'null'");
        assertThat(dir.resolve("ds")).doesNotExist();

        String[] noFolder = {"capture", "dataset", dir.resolve("missing").toString(), "--out", "x"};
        assertThat(Main.execute(noFolder)).isEqualTo(ExitCodes.USAGE);
        assertThat(console.err()).contains("missing: not a folder");
    }

    @Test
    void pullTakesADeviceOrAGroupNotBothNorNeitherAndNoGroupNameThatIsNotATopicLevel() {
        String out = dir.resolve("home").toString();
        String broker = "tcp://127.0.0.1:1";
        assertThat(Main.execute("capture", "pull", "--broker", broker, "--out", out)).isEqualTo(ExitCodes.USAGE);
        assertThat(console.err()).contains("--device", "--group");
        console.reset();
        assertThat(Main.execute("capture", "pull", "--broker", broker, "--device", "d", "--group", "g", "--out", out))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(console.err()).contains("mutually exclusive");
        console.reset();
        assertThat(Main.execute("capture", "pull", "--broker", broker, "--group", "line/#", "--out", out)).isEqualTo(
                ExitCodes.USAGE);
        assertThat(console.err()).contains("--group", "a topic level");
        assertThat(dir.resolve("home")).doesNotExist();
    }
}
