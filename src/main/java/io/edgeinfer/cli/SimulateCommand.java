package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ScenarioReader;
import io.edgeinfer.config.SectionFile;
import io.edgeinfer.config.SensorMount;
import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import io.edgeinfer.sensor.ScenarioWindows;
import io.edgeinfer.sensor.SimulatedDataset;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer simulate}: labelled training/evaluation windows from the simulator, each from a
 * fresh signal (the demo model's data), or with {@code --scenario} consecutive windows of one signal
 * following a scenario (speed and load steps, a growing fault: anomaly detection's data).
 */
@Command(name = "simulate", description = {
        "Write labelled simulated vibration windows as CSV (label,x_0..,y_0..,z_0..).",
        "  Without --scenario: independent windows, states drawn at random (the demo model's data).",
        "  --scenario FILE.yaml: consecutive windows of one signal following the scenario's steps"
                + " (keys as source.scenario, docs/configuration.md); FILE.csv.gz writes gzip."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--windows", required = true, description = "Number of windows")
    long windows;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "RNG seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--rate-hz", defaultValue = "400", description = "Sample rate (default: ${DEFAULT-VALUE})")
    double rateHz;

    @Option(names = "--size", defaultValue = "256", description = "Samples per window (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--scenario", paramLabel = "FILE.yaml", description = "A YAML file with a 'scenario:' list of steps: consecutive windows following it")
    Path scenario;

    @Option(names = "--hop", description = "With --scenario: samples between window starts (default: half of --size)")
    Integer hop;

    @Option(names = "--mount", defaultValue = "top", paramLabel = "top|side", description = "Where the sensor sits: top (the demo model's training data) or side (a machine it never saw;"
            + " docs/capture.md) (default: ${DEFAULT-VALUE})")
    String mount;

    @Override
    public Integer call() throws IOException {
        SensorMount where = SensorMount.BY_KEY.get(mount);
        if (where == null) {
            System.err.println("--mount must be one of " + SensorMount.BY_KEY.keySet() + ", got '" + mount + "'");
            return ExitCodes.USAGE;
        }
        if (scenario != null && where != SensorMount.TOP) {
            System.err.println("--mount side goes without --scenario: scenario windows are the top mount's");
            return ExitCodes.USAGE;
        }
        if (windows < 1 || size < 8 || rateHz <= 0 || (hop != null && (hop < 1 || hop > size))) {
            System.err.println("--windows must be >= 1, --size >= 8, --rate-hz > 0, 1 <= --hop <= --size");
            return ExitCodes.USAGE;
        }
        if (hop != null && scenario == null) {
            System.err.println("--hop applies to --scenario only (other windows are independent)");
            return ExitCodes.USAGE;
        }
        List<ScenarioStep> steps = null;
        if (scenario != null) {
            try {
                steps = SectionFile.read(scenario, (root, dir) -> {
                    List<ScenarioStep> read = ScenarioReader.read(root, "scenario");
                    root.rejectUnknown();
                    return read;
                });
            } catch (ConfigException e) {
                System.err.println(scenario + ": " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (Writer w = writer(out)) {
            if (steps == null) {
                new SimulatedDataset(seed, rateHz, size, where).writeCsv(windows, w);
            } else {
                new ScenarioWindows(steps, seed, rateHz, size, hop == null ? Math.max(1, size / 2) : hop).writeCsv(
                        windows, w);
            }
        }
        System.err.println("wrote " + windows + " windows to " + out);
        return ExitCodes.OK;
    }

    private static Writer writer(Path out) throws IOException {
        if (out.getFileName().toString().endsWith(".gz")) {
            return new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(out), 1 << 16),
                    StandardCharsets.UTF_8);
        }
        return Files.newBufferedWriter(out, StandardCharsets.UTF_8);
    }
}
