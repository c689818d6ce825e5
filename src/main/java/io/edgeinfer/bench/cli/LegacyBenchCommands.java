package io.edgeinfer.bench.cli;

import picocli.CommandLine.Command;

/**
 * The spellings the benches had before {@code edgeinfer bench} had subcommands
 * ({@code bench-delivery}, {@code bench-sampling}, {@code bench-camera}, {@code bench-telemetry},
 * {@code bench-swap}), kept working for scripts and notes that use them: hidden from the help, the
 * same options and output, and a one-line note on stderr (stdout stays the bench's own).
 */
public final class LegacyBenchCommands {
    private LegacyBenchCommands() {
    }

    /** Tells, on stderr, that {@code old} is now spelt {@code now}. */
    static void note(String old, String now) {
        System.err.println("note: 'edgeinfer " + old + "' is now 'edgeinfer " + now
                + "'; the old spelling still works for now");
    }

    /** {@code bench-delivery}: {@code bench delivery}. */
    @Command(name = "bench-delivery", hidden = true, description = "Old spelling of 'bench delivery'.")
    public static final class Delivery extends DeliveryBenchCommand {
        @Override
        public Integer call() throws Exception {
            note("bench-delivery", "bench delivery");
            return super.call();
        }
    }

    /** {@code bench-sampling}: {@code bench sampling}. */
    @Command(name = "bench-sampling", hidden = true, description = "Old spelling of 'bench sampling'.")
    public static final class Sampling extends SamplingBenchCommand {
        @Override
        public Integer call() throws Exception {
            note("bench-sampling", "bench sampling");
            return super.call();
        }
    }

    /** {@code bench-camera}: {@code bench camera}. */
    @Command(name = "bench-camera", hidden = true, description = "Old spelling of 'bench camera'.")
    public static final class Camera extends CameraBenchCommand {
        @Override
        public Integer call() throws Exception {
            note("bench-camera", "bench camera");
            return super.call();
        }
    }

    /** {@code bench-telemetry}: {@code bench telemetry}. */
    @Command(name = "bench-telemetry", hidden = true, description = "Old spelling of 'bench telemetry'.")
    public static final class Telemetry extends TelemetryBenchCommand {
        @Override
        public Integer call() throws Exception {
            note("bench-telemetry", "bench telemetry");
            return super.call();
        }
    }

    /** {@code bench-swap}: {@code bench swap}. */
    @Command(name = "bench-swap", hidden = true, description = "Old spelling of 'bench swap'.")
    public static final class Swap extends SwapBenchCommand {
        @Override
        public Integer call() throws Exception {
            note("bench-swap", "bench swap");
            return super.call();
        }
    }
}
