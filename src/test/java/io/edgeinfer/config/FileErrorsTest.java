package io.edgeinfer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config errors about files name the file and what is wrong, never what is in it: a pushed config
 * ({@code cmd/config}) is answered with these errors, and must not read files out to the sender.
 */
class FileErrorsTest {
    private static final String SECRET = "s3cr3t";

    @TempDir
    Path dir;

    private List<String> errors(String yaml) {
        return ConfigFolder.errors(dir, yaml);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private List<String> csv(String source) {
        return errors("device_id: d\nmodel: {path: m.pt, labels: [a, b]}\nsource: " + source + "\n");
    }

    @Test
    void aCsvReplayOfAFileThatIsNotCsvNamesTheFileButNotItsFirstLine() throws Exception {
        Path shadow = write("shadow", "root:" + SECRET + ":19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
        assertThat(csv("{type: csv-replay, path: shadow}")).singleElement().asString()
                .startsWith("source.path: " + shadow + " has no column 't'").doesNotContain(SECRET);
    }

    @Test
    void aCsvReplayNamesMissingColumnsButNotTheOnesTheFileHas() throws Exception {
        write("rec.csv", "t," + SECRET + "\n0,1\n0.1,2\n");
        assertThat(csv("{type: csv-replay, path: rec.csv, columns: [x]}")).singleElement().asString()
                .startsWith("source.columns: not in rec.csv: [x]").doesNotContain(SECRET);
    }

    @Test
    void aCsvReplayNamesTheLineAndColumnOfABadCellButNotTheCell() throws Exception {
        write("rec.csv", "t,x\n0,1\n0.1," + SECRET + "\n");
        assertThat(csv("{type: csv-replay, path: rec.csv}")).singleElement().asString()
                .contains("line 3", "column 2", "not a finite number").doesNotContain(SECRET);
    }

    @Test
    void aCsvReplayWhoseTimeGoesBackNamesTheLineButNotTheTimes() throws Exception {
        write("rec.csv", "t,x\n1234.5,1\n999.25,1\n");
        assertThat(csv("{type: csv-replay, path: rec.csv}")).singleElement().asString()
                .contains("line 3", "does not increase").doesNotContain("999.25", "1234.5");
    }

    @Test
    void aManifestThatIsNotJsonNamesTheFileAndWhereButNotItsText() throws Exception {
        Path json = write("m.json", SECRET + ":x:0:0\n");
        assertThat(errors("device_id: d\nmodel: {path: m.pt, labels: [a, b]}\n")).singleElement().asString()
                .startsWith("model.path: manifest " + json + " is not readable JSON").contains("line 1").doesNotContain(
                        SECRET);
    }

    @Test
    void aManifestWithAnotherInputTypeDoesNotEchoIt() throws Exception {
        write("m.json", "{\"labels\": [\"a\", \"b\"], \"input\": {\"shape\": [1, 3, 8], \"dtype\": \"" + SECRET
                + "\"}}");
        assertThat(errors("device_id: d\nmodel: {path: m.pt, labels: [a, b]}\n")).singleElement().asString()
                .contains("input.dtype", "float32").doesNotContain(SECRET);
    }

    @Test
    void aTrustedKeyFileThatIsNotAKeyIsNamedButNotQuoted() throws Exception {
        Path pem = write("k.pub", "-----BEGIN PUBLIC KEY-----\n" + SECRET + "=x=\n-----END PUBLIC KEY-----\n");
        assertThat(errors("device_id: d\nmodel: {path: m.pt, labels: [a, b]}\ncontrol: {trusted_keys: [k.pub]}\n"))
                .singleElement().asString().startsWith("control.trusted_keys[0]: " + pem).doesNotContain(SECRET);
    }
}
