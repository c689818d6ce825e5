package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.app.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Usage errors exit 64 (EX_USAGE) with the usage on stderr; asking for help is not an error. */
class MainTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream oldErr;
    private PrintStream oldOut;

    @BeforeEach
    void capture() {
        oldErr = System.err;
        oldOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(oldErr);
        System.setOut(oldOut);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noCommandPrintsUsageOnStderrAndExits64() {
        assertThat(Main.execute()).isEqualTo(ExitCodes.USAGE).isEqualTo(64);
        assertThat(err()).contains("Usage: edgeinfer", "run", "check-config");
    }

    @Test
    void aMissingRequiredOptionExits64NamingIt() {
        assertThat(Main.execute("run")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--config");
        err.reset();
        assertThat(Main.execute("push-model", "--device", "d")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--broker", "--model");
    }

    @Test
    void anUnknownCommandOrOptionExits64() {
        assertThat(Main.execute("frob")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("frob");
        assertThat(Main.execute("check-config", "--no-such-option", "x.yaml")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpIsNotAnError() {
        assertThat(Main.execute("--help")).isZero();
        assertThat(Main.execute("help", "run")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: edgeinfer", "--config");
    }
}
