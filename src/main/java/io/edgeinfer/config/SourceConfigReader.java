package io.edgeinfer.config;

import io.edgeinfer.data.CsvRecording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code source} section of the hardware, replay and camera source types (the built-in
 * simulator stays in {@link ConfigReader}), and the {@code source.trigger} every type may carry.
 * Device files named by a config are checked here, under an injectable {@code /dev} root, so a
 * missing bus is a config error naming its key rather than a failure at start.
 */
public final class SourceConfigReader {
    /** The types read here, in the order the docs list them. */
    public static final List<String> TYPES = List.of(Adxl345Config.TYPE, Mpu6050Config.TYPE, Mcp3008Config.TYPE,
            CsvReplayConfig.TYPE, CameraConfig.TYPE, ImageDirConfig.TYPE);
    private static final Path DEV = Path.of("/dev");

    private final Path baseDir;
    private final Path devRoot;
    private final Map<String, String> env;

    /**
     * @param baseDir relative paths resolve against it (the config file's folder)
     * @param devRoot where {@code /dev} is looked for ({@code /dev} itself except in tests)
     * @param env the process environment (PATH, to find a camera command)
     */
    public SourceConfigReader(Path baseDir, Path devRoot, Map<String, String> env) {
        this.baseDir = baseDir;
        this.devRoot = devRoot;
        this.env = env;
    }

    /** Reads a source of one of {@link #TYPES}; null if it is too broken to build (errors recorded). */
    public SourceConfig read(String type, Section s) {
        ChipConfigReader chips = new ChipConfigReader(this);
        ImageSourceConfigReader images = new ImageSourceConfigReader(this);
        return switch (type) {
            case Adxl345Config.TYPE -> chips.adxl345(s);
            case Mpu6050Config.TYPE -> chips.mpu6050(s);
            case Mcp3008Config.TYPE -> chips.mcp3008(s);
            case CsvReplayConfig.TYPE -> csvReplay(s);
            case CameraConfig.TYPE -> images.camera(s);
            case ImageDirConfig.TYPE -> images.imageDir(s);
            default -> throw new IllegalArgumentException("not a type of this reader: " + type);
        };
    }

    /** {@code source.trigger}, or null when absent. */
    public GpioTriggerConfig trigger(Section source) {
        boolean present = source.has("trigger");
        Section t = source.section("trigger");
        if (!present) {
            return null;
        }
        int pin = t.integer("pin", -1, 0, 53);
        if (!t.has("pin")) {
            t.error("pin", "is required: the BCM GPIO number of the input");
        }
        String chipName = t.string("chip", "gpiochip0");
        Path chip = chipName.startsWith("/") ? Path.of(chipName) : DEV.resolve(chipName);
        requireNode(t, "chip", chip, "no such GPIO chip (ls /dev/gpiochip*)");
        GpioTriggerConfig.Mode mode = t.choice("mode", GpioTriggerConfig.Mode.GATE,
                Map.of("gate", GpioTriggerConfig.Mode.GATE, "edge", GpioTriggerConfig.Mode.EDGE));
        GpioTriggerConfig.Level active = t.choice("active", GpioTriggerConfig.Level.HIGH,
                Map.of("high", GpioTriggerConfig.Level.HIGH, "low", GpioTriggerConfig.Level.LOW));
        // An input that idles at its inactive level: pull down for active-high, up for active-low.
        GpioTriggerConfig.Pull defaultPull = active == GpioTriggerConfig.Level.HIGH
                ? GpioTriggerConfig.Pull.DOWN
                : GpioTriggerConfig.Pull.UP;
        GpioTriggerConfig.Pull pull = t.choice("pull", defaultPull, Map.of("up", GpioTriggerConfig.Pull.UP,
                "down", GpioTriggerConfig.Pull.DOWN, "off", GpioTriggerConfig.Pull.OFF));
        double debounce = t.number("debounce_ms", 20, 0, 10_000);
        t.rejectUnknown();
        return pin < 0 ? null : new GpioTriggerConfig(chip, pin, mode, active, pull, debounce);
    }

    private CsvReplayConfig csvReplay(Section s) {
        String p = s.requiredString("path");
        Path file = p == null ? null : baseDir.resolve(p).normalize();
        String timeColumn = s.string("time_column", "t");
        List<String> columns = s.stringList("columns", null);
        double rate = s.number("rate_hz", Double.NaN, 0.001, 100_000);
        double speed = s.number("speed", 1, 0, 1000);
        boolean loop = s.bool("loop", false);
        List<String> unitsGiven = s.isList("units") ? s.stringList("units", null) : singleUnit(s.string("units", null));
        GpioTriggerConfig trigger = trigger(s);
        if (file == null) {
            return null;
        }
        CsvRecording.Header header;
        try {
            header = CsvRecording.inspect(file, timeColumn);
        } catch (IOException e) {
            s.error("path", "cannot read " + file + ": " + e.getMessage());
            return null;
        } catch (CsvRecording.FormatException e) {
            s.error("path", file + " " + e.getMessage());
            return null;
        }
        if (columns == null) {
            columns = header.columns();
        }
        List<String> missing = new ArrayList<>(columns);
        missing.removeAll(header.columns());
        if (!missing.isEmpty()) {
            // Only names from the config: the file's own header is its content (see CsvRecording).
            s.error("columns", "not in " + file.getFileName() + ": " + missing + " (its header row names the columns)");
        }
        if (columns.isEmpty()) {
            s.error("columns", "needs at least one value column");
        }
        return new CsvReplayConfig(file, timeColumn, columns, Double.isNaN(rate) ? header.rateHz() : rate, speed, loop,
                trigger, units(s, unitsGiven, columns.size()));
    }

    private static List<String> singleUnit(String unit) {
        return unit == null || unit.isBlank() ? null : List.of(unit.trim());
    }

    /**
     * {@code units}: one unit for every column, or a list with one per column; null when left out
     * (unknown).
     */
    private static List<String> units(Section s, List<String> given, int columns) {
        if (given == null) {
            return null;
        }
        if (!s.isList("units")) {
            return Collections.nCopies(columns, given.get(0));
        }
        if (given.size() != columns) {
            s.error("units", "needs one unit per column (" + columns + "), got " + given.size());
            return null;
        }
        return given;
    }

    /** Adds an error at {@code key} unless the device file exists (under the dev root). */
    boolean requireNode(Section s, String key, Path node, String hint) {
        Path onRoot = node.startsWith(DEV) ? devRoot.resolve(DEV.relativize(node).toString()) : node;
        if (Files.exists(onRoot)) {
            return true;
        }
        s.error(key, node + " does not exist: " + hint);
        return false;
    }

    /** Refuses a key that belongs to another variant (e.g. an SPI setting on an I2C chip). */
    static void onlyFor(Section s, String key, String variant) {
        if (s.has(key)) {
            s.string(key, null);
            s.error(key, "applies to " + variant + " only");
        }
    }

    /** An axis list: each from {@code known}, no repeats, at least one. */
    static List<String> axes(Section s, List<String> known, List<String> fallback) {
        List<String> axes = s.stringList("axes", fallback);
        if (axes.isEmpty()) {
            s.error("axes", "needs at least one of " + known);
        }
        List<String> seen = new ArrayList<>();
        for (String a : axes) {
            if (!known.contains(a)) {
                s.error("axes", "unknown axis '" + a + "'; known: " + known);
            } else if (seen.contains(a)) {
                s.error("axes", "axis '" + a + "' appears twice");
            }
            seen.add(a);
        }
        return axes;
    }

    Path baseDir() {
        return baseDir;
    }

    Map<String, String> env() {
        return env;
    }
}
