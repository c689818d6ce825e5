package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.app.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Usage errors exit 64 (EX_USAGE) with the usage on stderr; asking for help is not an error. */
class MainTest {
    @RegisterExtension
    final Console console = new Console();

    private String err() {
        return console.err();
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
        console.reset();
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
        assertThat(console.out()).contains("Usage: edgeinfer", "--config");
    }
}
