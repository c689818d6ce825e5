package io.edgeinfer.bench.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.bench.CameraBench;
import io.edgeinfer.config.ImageConfig;
import io.edgeinfer.data.Quantiles;
import io.edgeinfer.model.DjlModelRunner;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.telemetry.ProcessStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgeinfer bench camera}: frames per second through decode + preprocess + inference for
 * each model given (the demo CNN in fp32 and int8 by default), every frame through every model in
 * turn, so their ratio is fair on a noisy machine.
 */
@Command(name = "camera", description = "The camera path: MJPEG split + decode, resize/crop/normalise, inference; fp32 vs int8.")
class CameraBenchCommand implements Callable<Integer> {
    @Mixin
    BenchOptions.Help help = new BenchOptions.Help();

    private static final List<String> LABELS = List.of("empty", "hex_nut", "square_plate", "triangle_bracket",
            "washer");

    @Option(names = "--model", split = ",", paramLabel = "FILE", defaultValue = "models/shapes_fp32.pt,models/shapes_int8.pt", description = "TorchScript image models with 5 outputs, compared in order (default: ${DEFAULT-VALUE})")
    List<Path> models;

    @Option(names = "--frames", defaultValue = "300", description = "Frames per run (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--width", defaultValue = "640", description = "Camera frame width (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--height", defaultValue = "480", description = "Camera frame height (default: ${DEFAULT-VALUE})")
    int height;

    @Option(names = "--size", defaultValue = "64", description = "Model input side (default: ${DEFAULT-VALUE})")
    int size;

    @Mixin
    BenchOptions.Rounds rounds = new BenchOptions.Rounds(3);

    @Mixin
    BenchOptions.Threads threads = new BenchOptions.Threads();

    @Override
    public Integer call() throws Exception {
        if (frames < 10 || rounds.rounds < 1 || threads.threads < 1 || models.isEmpty()) {
            System.err.println("need --frames >= 10, --rounds >= 1, --threads >= 1 and at least one --model");
            return ExitCodes.USAGE;
        }
        threads.configureEngine();
        ImageConfig image = new ImageConfig(size, size, size, List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224,
                0.225));
        LoadedModels loaded;
        try {
            loaded = LoadedModels.load(models, m -> DjlModelRunner.load(m, m.getFileName().toString(), "bench", LABELS,
                    new int[]{3, size, size}, "--size"));
        } catch (ModelLoadException e) {
            return LoadedModels.refused(e);
        }
        try (loaded) {
            List<DjlModelRunner> runners = loaded.runners;
            byte[] stream = CameraBench.stream(frames, width, height, 1);
            CameraBench.run(runners, stream, image); // warm-up
            List<List<CameraBench.Result>> results = new ArrayList<>();
            runners.forEach(r -> results.add(new ArrayList<>()));
            for (int round = 0; round < rounds.rounds; round++) {
                List<CameraBench.Result> each = CameraBench.run(runners, stream, image);
                for (int i = 0; i < runners.size(); i++) {
                    results.get(i).add(each.get(i));
                }
            }
            print(results, stream.length);
        }
        return ExitCodes.OK;
    }

    private void print(List<List<CameraBench.Result>> results, int bytes) {
        System.out.printf(Locale.ROOT,
                "%d frames %dx%d MJPEG (%.1f KB/frame) -> [1, 3, %d, %d], %d round(s), %d intra-op thread(s)%n",
                frames, width, height, bytes / 1024.0 / frames, size, size, rounds.rounds, threads.threads);
        System.out.printf(Locale.ROOT, "%-22s %9s %13s %15s %14s %14s%n", "model (median round)", "frames/s",
                "decode p50 ms", "preprocess p50", "inference p50", "frame p99 ms");
        List<CameraBench.Result> medians = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            CameraBench.Result m = Quantiles.medianBy(results.get(i), CameraBench.Result::fps);
            medians.add(m);
            System.out.printf(Locale.ROOT, "%-22s %9.1f %13.3f %15.3f %14.3f %14.3f%n", models.get(i).getFileName(), m
                    .fps(),
                    m.decodeP50(), m.preprocessP50(), m.inferenceP50(), m.totalP99());
        }
        for (int i = 1; i < medians.size(); i++) {
            List<String> each = new ArrayList<>();
            for (int r = 0; r < rounds.rounds; r++) {
                each.add(String.format(Locale.ROOT, "%.3f", results.get(i).get(r).fps() / results.get(0).get(r).fps()));
            }
            System.out.printf(Locale.ROOT, "ratio %s / %s: frames/s %.3f (each round: %s), inference p50 %.3f%n",
                    models.get(i).getFileName(), models.get(0).getFileName(), medians.get(i).fps() / medians.get(0)
                            .fps(),
                    String.join(", ", each), medians.get(i).inferenceP50() / medians.get(0).inferenceP50());
        }
        System.out.printf(Locale.ROOT, "process RSS %s MB%n", new ProcessStats().rssMb());
    }
}
