package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.config.SensorMount;
import io.edgeinfer.sensor.SimulatedDataset;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeinfer simulate}: labelled training/evaluation windows from the simulator. */
@Command(name = "simulate", description = "Write labelled simulated vibration windows as CSV (label,x_0..,y_0..,z_0..).")
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

    @Option(names = "--mount", defaultValue = "top", paramLabel = "top|side",
            description = "Where the sensor sits: top (the demo model's training data) or side (a machine it never saw;"
                    + " docs/capture.md) (default: ${DEFAULT-VALUE})")
    String mount;

    @Override
    public Integer call() throws IOException {
        SensorMount where = SensorMount.BY_KEY.get(mount);
        if (where == null) {
            System.err.println("--mount must be one of " + SensorMount.BY_KEY.keySet() + ", got '" + mount + "'");
            return ExitCodes.USAGE;
        }
        if (windows < 1 || size < 8 || rateHz <= 0) {
            System.err.println("--windows must be >= 1, --size >= 8, --rate-hz > 0");
            return ExitCodes.USAGE;
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            new SimulatedDataset(seed, rateHz, size, where).writeCsv(windows, w);
        }
        System.err.println("wrote " + windows + " windows to " + out);
        return ExitCodes.OK;
    }
}
