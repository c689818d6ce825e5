package io.edgeinfer.telemetry.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Recorded {@code vcgencmd} outputs (src/test/resources/fixtures/vcgencmd, sources in its
 * SOURCES.md) and fake host trees for the telemetry readers.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** A recorded output, verbatim. */
    public static String vcgencmd(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/vcgencmd/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A {@link CommandRunner} that answers {@code vcgencmd <command>} with the given recorded
     * outputs and fails like the firmware for any other command.
     */
    public static CommandRunner vcgencmdAnswering(Map<String, String> outputs) {
        return (List<String> cmd, Duration timeout) -> {
            if (!cmd.get(0).equals("vcgencmd")) {
                throw new CommandRunner.CommandNotFoundException(cmd.get(0) + " not installed", null);
            }
            String out = outputs.get(cmd.get(1));
            if (out == null) {
                throw new IOException("vcgencmd exited 255: " + vcgencmd("pi5-command-not-registered.txt").strip());
            }
            return out;
        };
    }

    /** A host without vcgencmd. */
    public static CommandRunner noVcgencmd() {
        return (cmd, timeout) -> {
            throw new CommandRunner.CommandNotFoundException(cmd.get(0) + " is not installed on this host", null);
        };
    }

    /** Writes {@code text} to {@code root/relative}, creating folders. */
    public static Path write(Path root, String relative, String text) {
        try {
            Path p = root.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The device-tree model property, NUL-terminated as the kernel has it. */
    public static void boardModel(Path root, String model) {
        write(root, "proc/device-tree/model", model + "\0");
    }
}
