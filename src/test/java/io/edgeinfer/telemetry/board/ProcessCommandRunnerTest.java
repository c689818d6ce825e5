package io.edgeinfer.telemetry.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Real subprocesses. */
class ProcessCommandRunnerTest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void returnsWhatTheCommandPrinted() throws Exception {
        assertThat(runner.run(List.of("sh", "-c", "printf 'throttled=0x0\\n'"), Duration.ofSeconds(5))).isEqualTo(
                "throttled=0x0\n");
    }

    @Test
    void aNonZeroExitFailsWithTheCommandsOutput() {
        assertThatThrownBy(() -> runner.run(List.of("sh", "-c",
                "echo 'error=1 error_msg=\"Command not registered\"'; exit 255"),
                Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(CommandRunner.CommandNotFoundException.class)
                .hasMessageContaining("exited 255")
                .hasMessageContaining("Command not registered");
    }

    @Test
    void aMissingProgramIsToldApart() {
        assertThatThrownBy(() -> runner.run(List.of("edgeinfer-no-such-program"), Duration.ofSeconds(5)))
                .isInstanceOf(CommandRunner.CommandNotFoundException.class)
                .hasMessageContaining("not installed");
    }

    @Test
    void aHungCommandIsKilledAtTheTimeout() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Duration.ofMillis(300)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not finish within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void vcgencmdStopsTryingOnceItKnowsTheProgramIsMissing() {
        AtomicInteger starts = new AtomicInteger();
        Vcgencmd v = new Vcgencmd((cmd, timeout) -> {
            starts.incrementAndGet();
            return runner.run(List.of("edgeinfer-no-such-vcgencmd"), timeout);
        });
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> v.run("get_throttled")).isInstanceOf(CommandRunner.CommandNotFoundException.class);
        }
        assertThat(v.missing()).isTrue();
        assertThat(starts).hasValue(1);
    }
}
