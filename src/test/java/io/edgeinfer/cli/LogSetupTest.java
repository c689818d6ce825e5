package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Logging set up in code, as logback.xml did. */
class LogSetupTest {
    @Test
    void theRootLevelComesFromTheEnvironmentAndFallsBackToInfo() {
        assertThat(LogSetup.rootLevel(null)).isEqualTo(Level.INFO);
        assertThat(LogSetup.rootLevel(" ")).isEqualTo(Level.INFO);
        assertThat(LogSetup.rootLevel("debug")).isEqualTo(Level.DEBUG);
        assertThat(LogSetup.rootLevel("WARN")).isEqualTo(Level.WARN);
        assertThat(LogSetup.rootLevel("chatty")).isEqualTo(Level.INFO);
    }

    @Test
    void aContextGetsTheStderrAppenderAndTheQuieterThirdPartyLoggers() {
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("com.pi4j.boardinfo").getLevel()).isEqualTo(Level.OFF);
        assertThat(context.getLogger("io.edgeinfer.app.Daemon").getEffectiveLevel())
                .isEqualTo(LogSetup.rootLevel(System.getenv("EDGEINFER_LOG_LEVEL")));
        context.stop();
    }
}
