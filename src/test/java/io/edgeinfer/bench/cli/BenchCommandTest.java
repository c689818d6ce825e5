package io.edgeinfer.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The shape of {@code edgeinfer bench}: its subcommands, their shared options, and the old spellings. */
class BenchCommandTest {
    private record Run(int exit, String out, String err) {
    }

    /** Runs the whole command line in this JVM, catching what it prints. */
    private static Run main(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static <T> T parsed(String... args) {
        ParseResult r = new CommandLine(new BenchCommand()).parseArgs(args);
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return r.commandSpec().commandLine().getCommand();
    }

    @Test
    void benchHasOneSubcommandPerMeasurement() {
        assertThat(new CommandLine(new BenchCommand()).getSubcommands().keySet())
                .containsExactly("pipeline", "models", "delivery", "sampling", "camera", "telemetry", "swap", "page",
                        "anomaly", "capture", "fleet");
    }

    @Test
    void fleetRefusesWhatItCannotSimulateBeforeStartingAnything() {
        Run shadow = main("bench", "fleet", "--devices", "3", "--stages", "shadow:5%,serve:100%");
        assertThat(shadow.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(shadow.err()).contains("serve stages only");
        Run partial = main("bench", "fleet", "--stages", "serve:50%");
        assertThat(partial.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(partial.err()).contains("--stages", "serve:100%");
        Run none = main("bench", "fleet", "--devices", "0");
        assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("--devices");
    }

    @Test
    void sharedOptionsKeepEachBenchsOwnDefaults() {
        PipelineBenchCommand pipeline = parsed("pipeline", "--model", "m.pt");
        assertThat(List.of(pipeline.rounds.rounds, pipeline.windows.windows, pipeline.threads.threads)).containsExactly(
                5, 2000, 1);
        assertThat(pipeline.broker.url).isNull();
        assertThat(pipeline.publish).containsExactly("every");
        assertThat(((PipelineBenchCommand) parsed("pipeline", "--model", "m.pt", "--publish", "every,batch",
                "--max-batch", "100")).publish).containsExactly("every", "batch");
        TelemetryBenchCommand telemetry = parsed("telemetry", "--model", "a.pt,b.pt", "--broker", "tcp://h:1883");
        assertThat(List.of(telemetry.rounds.rounds, telemetry.windows.windows)).containsExactly(10, 10_000);
        assertThat(telemetry.broker.url).isEqualTo("tcp://h:1883");
        ModelsBenchCommand models = parsed("models", "a.pt,b.pt", "c", "--data", "d.csv", "--threads", "2");
        assertThat(models.models).hasSize(3);
        assertThat(List.of(models.rounds.rounds, models.threads.threads)).containsExactly(1, 2);
        assertThat(((DeliveryBenchCommand) parsed("delivery")).rounds.rounds).isEqualTo(3);
        assertThat(((SamplingBenchCommand) parsed("sampling")).rounds.rounds).isEqualTo(3);
        assertThat(((CameraBenchCommand) parsed("camera", "--rounds", "7")).rounds.rounds).isEqualTo(7);
        assertThat(((AnomalyBenchCommand) parsed("anomaly", "--cost")).rounds.rounds).isEqualTo(5);
    }

    @Test
    void theOldSpellingKeepsAModelFolderNamedLikeASubcommandAsItsValue() {
        CommandLine cl = new CommandLine(new BenchCommand());
        ParseResult r = cl.parseArgs("--models", "models", "--data", "test.csv");
        assertThat(r.hasSubcommand()).isFalse();
        assertThat(((BenchCommand) cl.getCommand()).legacy).containsExactly("--models", "models", "--data", "test.csv");
    }

    @Test
    void theOldBenchSpellingsRunTheNewSubcommandsAndSaySoOnStderr() {
        Run pipeline = main("bench", "--model", "m.pt", "--windows", "5");
        assertThat(pipeline.exit()).isEqualTo(64);
        assertThat(pipeline.err()).contains("'edgeinfer bench --model' is now 'edgeinfer bench pipeline --model'",
                "--windows must be >= 10");
        Run models = main("bench", "--models", "y.pt");
        assertThat(models.exit()).isEqualTo(64);
        assertThat(models.err()).contains("'edgeinfer bench --models' is now 'edgeinfer bench models'",
                "--models needs --data");
        Run neither = main("bench");
        assertThat(neither.exit()).isEqualTo(64);
        assertThat(neither.err()).contains("Usage: edgeinfer bench", "pipeline", "swap");
    }

    @Test
    void theOldHyphenatedBenchesAreHiddenAliases() {
        String help = main("--help").out();
        assertThat(help).contains("bench").doesNotContain("bench-");
        for (String old : List.of("bench-delivery", "bench-sampling", "bench-camera", "bench-telemetry",
                "bench-swap")) {
            Run r = main(old, "--help");
            assertThat(r.exit()).as(old).isZero();
            assertThat(r.out()).as(old).contains("Usage: edgeinfer " + old);
        }
    }

    @Test
    void benchSamplingUnderItsOldNameGivesTheSameReportPlusANote() {
        Run r = main("bench-sampling", "--rate", "400", "--seconds", "0.5", "--rounds", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("note: 'edgeinfer bench-sampling' is now 'edgeinfer bench sampling'");
        assertThat(r.out()).contains("FIFO (ADXL345, chip clock)", "system clock (MCP3008, JVM-paced)")
                .containsPattern("ratio gap p99 FIFO / JVM-paced: \\d+\\.\\d{3}");
        Run bad = main("bench", "sampling", "--rate", "123");
        assertThat(bad.exit()).isEqualTo(64);
        assertThat(bad.err()).contains("--rate one of 100, 200, 400").doesNotContain("note:");
    }

    @Test
    void comparingOnTwoDataSetsRefusesAMissingModelOrOneThatDoesNotFitNamingItAndPrintsNoTable() {
        String tiny = "src/test/resources/bench/tiny.csv";
        Run missing = main("bench", "models", "models/vibration_fp32.pt,models/nowhere.pt", "--data", tiny, "--data",
                tiny, "--no-progress");
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--models models/nowhere.pt: no such file or directory");
        assertThat(missing.out()).isEmpty();

        Run unfit = main("bench", "models", "models/vibration_fp32.pt", "--data", tiny, "--data", tiny,
                "--no-progress");
        assertThat(unfit.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unfit.err()).contains("--data " + tiny + ": samples [3, 4] do not fit model "
                + "models/vibration_fp32.pt (input [1, 3, 256])");
        assertThat(unfit.out()).isEmpty();
    }
}
