package io.edgeinfer.mqtt.sparkplug;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.edgeinfer.app.Daemon;
import io.edgeinfer.app.TestConfigs;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.mqtt.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * What a Sparkplug test runs against: a real mosquitto, a {@link WireTap} in front of it that the
 * daemon connects through, and a Tahu-decoding {@link SparkplugHost} on the broker itself. The
 * daemon runs in this JVM ({@link #start}) or as the launcher's process ({@link #launch}, for kill -9).
 */
final class SparkplugRig implements AutoCloseable {
    static final Path MODEL = Path.of("models/vibration_int8.pt").toAbsolutePath();
    private static final Path LAUNCHER = Path.of("bin/edgeinfer").toAbsolutePath();

    final Path dir;
    final Mosquitto broker;
    final WireTap tap;
    final SparkplugHost host;
    final SimulatedBoard board = new SimulatedBoard();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    SparkplugRig(Path dir, String group) throws Exception {
        this.dir = dir;
        broker = new Mosquitto(dir.resolve("mosquitto")).start();
        tap = new WireTap(broker.port());
        host = new SparkplugHost(broker.url(), group);
        log.start();
        ((Logger) LoggerFactory.getLogger("io.edgeinfer")).addAppender(log);
    }

    /** A daemon in this JVM (on the simulated board), connected through the tap. */
    Daemon start(String yaml) throws Exception {
        return Daemon.start(new ConfigLoader(Map.of("XDG_STATE_HOME", dir.resolve("state").toString()), dir)
                .parse(yaml, dir), Clock.systemUTC(), board::newContext);
    }

    /** The launcher running {@code yaml}, its output in {@code logName}. */
    Process launch(String yaml, String logName) throws Exception {
        Path config = dir.resolve("daemon.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(logName).toFile());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
        return pb.start();
    }

    String processLog(String logName) throws Exception {
        Path f = dir.resolve(logName);
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** Kills a launched daemon with SIGKILL and waits for it. */
    static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** Log lines of this JVM's daemon at WARN, containing {@code text}. */
    List<String> warnings(String text) {
        return log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text)).toList();
    }

    /** Every log line of this JVM's daemon containing {@code text}. */
    List<String> logged(String text) {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text)).toList();
    }

    /** The broker goes away (connections cut, the port refuses), as a broker restart does. */
    void brokerDown() throws Exception {
        tap.pause();
        broker.stop();
    }

    void brokerUp() throws Exception {
        broker.start();
        tap.resume();
    }

    /** A single-pipeline config (the demo's form) on the demo model at 200 windows/s, in Sparkplug format. */
    String nodeYaml(String device, String group, String node, String sparkplugExtra) {
        // The config file lives in the test's directory, where the demo model's relative path would not resolve.
        return TestConfigs.fastYaml(tap.url(), device, dir.resolve("outbox.db").toString(),
                "format: sparkplug\nsparkplug: {group_id: %s, edge_node_id: %s%s}".formatted(group, node,
                        sparkplugExtra))
                .replace("path: models/vibration_int8.pt", "path: " + MODEL);
    }

    @Override
    public void close() throws Exception {
        ((Logger) LoggerFactory.getLogger("io.edgeinfer")).detachAppender(log);
        host.close();
        tap.close();
        broker.close();
    }
}
