package io.edgeinfer.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code edgeinfer bench}: placeholder replaced below. */
@Command(name = "bench", description = "Benchmark a model: raw predict loop vs the full pipeline.")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return ExitCodes.FATAL;
    }
}
