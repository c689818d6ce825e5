package io.edgeinfer.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logging for every command, set up in code (a {@link Configurator} logback finds as a service)
 * rather than from a logback.xml: parsing XML made logback the slowest part of the daemon's first
 * half second (docs/BENCHMARKS.md, "Start-up"). {@code EDGEINFER_LOG_LEVEL} sets the root level
 * ({@code INFO} by default); {@code -Dlogback.configurationFile=FILE} still replaces all of this.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    /** Third-party loggers, quieter than the root. */
    static final Map<String, Level> LEVELS = Map.of(
            "ai.djl", Level.WARN,
            // Noise on every start of a CPU-only board: a .pt file is not an archive, and there is no CUDA.
            "ai.djl.repository.SimpleRepository", Level.ERROR,
            "ai.djl.util.cuda.CudaUtils", Level.ERROR,
            // A busy port is reported once, by us, with the key to change.
            "io.moquette.broker.NewNettyAcceptor", Level.OFF,
            "io.moquette", Level.WARN,
            "io.netty", Level.WARN,
            "org.eclipse.paho", Level.WARN,
            // Pi4J narrates every context start and stop at INFO; the drivers log what matters.
            "com.pi4j", Level.WARN,
            // Board detection runs shell probes and logs ERROR for each one that fails off a Pi; the
            // drivers do not use its result.
            "com.pi4j.boardinfo", Level.OFF);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // Status messages (such as Tahu's jar carrying a logback.xml of its own) must never reach
        // stdout: some commands print JSON there.
        NopStatusListener quiet = new NopStatusListener();
        context.getStatusManager().add(quiet);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        // Under systemd journald adds the time; the pattern stays short and greppable.
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel(System.getenv("EDGEINFER_LOG_LEVEL")));
        root.addAppender(stderr);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The root level {@code EDGEINFER_LOG_LEVEL} names; INFO when unset or not a level. */
    static Level rootLevel(String env) {
        return env == null || env.isBlank() ? Level.INFO : Level.toLevel(env.trim(), Level.INFO);
    }
}
