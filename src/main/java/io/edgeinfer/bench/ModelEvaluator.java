package io.edgeinfer.bench;

import io.edgeinfer.data.Sha256;
import io.edgeinfer.model.ManifestException;
import io.edgeinfer.model.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Evaluates one model file on the bench data: reads its manifest, checks it fits the data, selects
 * its quantized engine, then loads, checks, replays golden samples, warms up and times it. Anything
 * wrong with one model becomes that model's {@link ModelResult#problem()}; nothing here throws for
 * a bad model, so one bad file never costs the other rows.
 */
final class ModelEvaluator {
    private final EvalData data;
    private final BenchSettings settings;
    private final EngineSelector engines;
    private final IntConsumer progress;

    ModelEvaluator(EvalData data, BenchSettings settings, EngineSelector engines, IntConsumer progress) {
        this.data = data;
        this.settings = settings;
        this.engines = engines;
        this.progress = progress;
    }

    /** Progress steps one model takes: warm-up plus whole passes over the data. */
    int steps() {
        return settings.warmup() + timedRuns();
    }

    int timedRuns() {
        int n = data.samples().size();
        return n * Math.max(1, (settings.minRuns() + n - 1) / n);
    }

    ModelResult evaluate(Path file) {
        ResultBuilder r = new ResultBuilder(file);
        try {
            r.sizeBytes = Files.size(file);
            r.sha256 = Sha256.hex(file);
        } catch (IOException e) {
            progress.accept(steps());
            return r.fail("cannot be read: " + e.getMessage()).build();
        }
        ModelManifest manifest = manifest(file, r);
        if (manifest != null) {
            r.fromManifest(manifest);
            if (!manifest.inputShape().equals(data.inputShape())) {
                progress.accept(steps());
                return r.fail("input " + manifest.inputShape() + " does not fit the data's " + data.inputShape())
                        .build();
            }
        }
        r.quantizedEngine = engines.selectFor(manifest, r.notes);
        new ModelRun(data, settings, r, progress).execute(file, manifest, steps(), timedRuns());
        return r.build();
    }

    private ModelManifest manifest(Path file, ResultBuilder r) {
        try {
            Optional<ModelManifest> m = ModelManifest.besides(file);
            if (m.isEmpty()) {
                r.notes.add("no manifest: MACs unknown" + (settings.labels() == null
                        ? ", labels unknown (pass --labels)"
                        : ""));
                return null;
            }
            if (m.get().sha256() != null && !m.get().sha256().equals(r.sha256)) {
                r.notes.add("manifest sha256 does not match the file (stale manifest?)");
            }
            return m.get();
        } catch (ManifestException e) {
            r.notes.add(e.getMessage() + "; ignored");
            return null;
        }
    }
}
