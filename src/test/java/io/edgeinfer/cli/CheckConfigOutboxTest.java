package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.app.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check-config} refuses an {@code outbox.path} that {@code run} would refuse. */
class CheckConfigOutboxTest {
    @TempDir
    Path dir;

    @Test
    void anOutboxPathAtAFileThatIsNotAnOutboxExits78NamingTheKey() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        String model = Path.of("models/vibration_int8.pt").toAbsolutePath().toString();
        String yaml = TestConfigs.yaml("tcp://127.0.0.1:1883", "cc-1").replace("models/vibration_int8.pt", model)
                .replaceAll("outbox: \\{path: \"[^\"]*\"}", "outbox: {path: \"" + passwd + "\"}");
        CheckConfigCommand command = new CheckConfigCommand();
        command.file = Files.writeString(dir.resolve("config.yaml"), yaml);
        command.skipModel = true;

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = command.call();
        } finally {
            System.setErr(stderr);
        }

        assertThat(exit).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("outbox.path",
                "is not an edgeinfer outbox (not a SQLite database)");
        assertThat(Files.readString(passwd)).isEqualTo("root:x:0:0:root:/root:/bin/bash\n");
    }
}
