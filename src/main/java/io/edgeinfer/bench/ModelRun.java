package io.edgeinfer.bench;

import io.edgeinfer.model.ModelManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/** Loads one model and measures it on the data, filling a {@link ResultBuilder}. */
final class ModelRun {
    private static final int PROGRESS_EVERY = 64;

    private final EvalData data;
    private final BenchSettings settings;
    private final ResultBuilder r;
    private final IntConsumer progress;
    private int stepsDone;

    ModelRun(EvalData data, BenchSettings settings, ResultBuilder r, IntConsumer progress) {
        this.data = data;
        this.settings = settings;
        this.r = r;
        this.progress = progress;
    }

    void execute(Path file, ModelManifest manifest, int totalSteps, int timedRuns) {
        List<String> labels = manifest != null ? manifest.labels() : settings.labels();
        boolean peakReset = MemoryProbe.resetPeak();
        long rss0 = MemoryProbe.rssKb();
        long t0 = System.nanoTime();
        try (TensorModel model = TensorModel.load(file, data.inputShape())) {
            r.loadMs = (System.nanoTime() - t0) / 1e6;
            if (!fits(model, labels)) {
                return;
            }
            if (manifest == null) {
                long[] p = model.floatParameters();
                if (p != null) {
                    r.params = p[0];
                    r.nonzeroParams = p[1];
                    r.paramsSource = "file";
                }
            } else {
                replayGolden(model, manifest);
            }
            warmup(model);
            timed(model, labels, timedRuns);
            if (peakReset && rss0 > 0) {
                r.peakRssDeltaMb = (MemoryProbe.peakKb() - rss0) / 1024.0;
            }
        } catch (IOException e) {
            r.fail(e.getMessage());
        } catch (Exception e) {
            r.fail("inference failed: " + firstLine(e));
        } finally {
            progress.accept(Math.max(0, totalSteps - stepsDone));
        }
    }

    private boolean fits(TensorModel model, List<String> labels) {
        float[] out;
        try {
            out = model.predict(data.samples().get(0).data());
        } catch (Exception e) {
            r.fail("rejects input " + data.inputShape() + ": " + firstLine(e));
            return false;
        }
        if (labels != null && out.length != labels.size()) {
            r.fail("has " + out.length + " outputs but " + labels.size() + " labels " + labels);
            return false;
        }
        return true;
    }

    private void replayGolden(TensorModel model, ModelManifest m) throws Exception {
        if (m.golden().isEmpty()) {
            return;
        }
        int same = 0;
        double maxDiff = 0;
        for (ModelManifest.GoldenSample g : m.golden()) {
            float[] z = model.predict(g.input());
            if (m.labels().get(argmax(z)).equals(g.label())) {
                same++;
            }
            for (int i = 0; i < Math.min(z.length, g.logits().length); i++) {
                maxDiff = Math.max(maxDiff, Math.abs(z[i] - g.logits()[i]));
            }
        }
        r.golden = same + "/" + m.golden().size();
        if (same < m.golden().size()) {
            r.notes.add("golden samples: " + (m.golden().size() - same)
                    + " give another label than when the model was made");
        }
        r.notes.add(String.format(Locale.ROOT, "golden logits max |diff| %.2g", maxDiff));
    }

    private void warmup(TensorModel model) throws Exception {
        List<EvalData.Sample> s = data.samples();
        for (int i = 0; i < settings.warmup(); i++) {
            model.predict(s.get(i % s.size()).data());
        }
        step(settings.warmup());
    }

    private void timed(TensorModel model, List<String> labels, int runs) throws Exception {
        List<EvalData.Sample> s = data.samples();
        int n = s.size();
        long[] lat = new long[runs];
        Map<String, int[]> tally = new LinkedHashMap<>();
        data.labels().forEach(l -> tally.put(l, new int[2]));
        EnergyCounter meter = settings.meter();
        double j0 = meter == null ? 0 : meter.joules();
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            EvalData.Sample x = s.get(i % n);
            long a = System.nanoTime();
            float[] z = model.predict(x.data());
            lat[i] = System.nanoTime() - a;
            if (i < n && labels != null) {
                int[] t = tally.get(x.label());
                t[0] += labels.get(argmax(z)).equals(x.label()) ? 1 : 0;
                t[1]++;
            }
            if (i % PROGRESS_EVERY == PROGRESS_EVERY - 1) {
                step(PROGRESS_EVERY);
            }
        }
        long wall = System.nanoTime() - start;
        if (meter != null) {
            r.energyMj = (meter.joules() - j0) * 1000 / runs;
            r.energySource = meter.source();
        }
        r.latency = LatencyStats.of(lat, runs, wall);
        r.throughput = runs / (wall / 1e9);
        if (labels != null) {
            accuracy(tally, n);
        }
    }

    private void accuracy(Map<String, int[]> tally, int n) {
        int correct = 0;
        for (Map.Entry<String, int[]> e : tally.entrySet()) {
            correct += e.getValue()[0];
            r.perClass.put(e.getKey(), e.getValue()[0] / (double) e.getValue()[1]);
        }
        r.accuracy = correct / (double) n;
    }

    private void step(int k) {
        stepsDone += k;
        progress.accept(k);
    }

    static int argmax(float[] z) {
        int best = 0;
        for (int i = 1; i < z.length; i++) {
            if (z[i] > z[best]) {
                best = i;
            }
        }
        return best;
    }

    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        return (nl > 0 ? m.substring(0, nl) : m).trim();
    }
}
