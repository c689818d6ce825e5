package io.edgeinfer.control.reconfig;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.ModelConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.model.Window;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What changed between two configs, and what each change needs (docs/configuration.md, "Changing
 * the config of a running daemon"): per pipeline a model reload (validated and swapped like a pushed
 * model) or a restart of its input; a restart of a shared component; nothing (read live); or a
 * process restart. Two kinds of change cannot be applied to running pipelines at all and are staged
 * for a restart: a new model input shape (windows of one shape would meet a model of the other), and
 * other pipelines (ids, their order, or the file's form), since each pipeline's threads, queue and
 * topics are built at start.
 *
 * @param changed sections that differ: shared ones by name, a pipeline's by its key in the file
 *     ({@code model} in a single-pipeline file, {@code pipelines[ID].model} in one that lists pipelines)
 * @param pipelines what each pipeline needs, in config order; empty when the pipelines themselves change
 * @param restartRequired keys that only take effect when the process restarts
 * @param staged what waits for a restart, as {@code cmd/status} shows it ({@code [1, 3, 256] -> [1, 3, 128]});
 *     null when the change can be applied now
 */
record ConfigDiff(List<String> changed, List<Pipeline> pipelines, boolean restartTelemetry, boolean restartMetrics,
        List<String> restartRequired, String staged) {

    /**
     * One pipeline's part of the change.
     *
     * @param key how its sections are named in {@code changed}: empty, or {@code pipelines[ID].}
     * @param reloadModel the model must be loaded again: path, name, version or labels changed
     * @param restartSource source settings or {@code window.hop} changed
     * @param shape the model input shape change ({@code [1, 3, 256] -> [1, 3, 128]}), or null
     */
    record Pipeline(String id, String key, boolean reloadModel, boolean restartSource, String shape) {
    }

    static ConfigDiff of(DaemonConfig a, DaemonConfig b) {
        List<String> changed = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        check(changed, "device_id", a.deviceId(), b.deviceId(), restart);
        List<Pipeline> pipelines = new ArrayList<>();
        String staged = null;
        if (a.named() != b.named() || !ids(a).equals(ids(b))) {
            changed.add("pipelines");
            restart.add("pipelines");
            staged = "pipelines " + ids(a) + " -> " + ids(b);
        } else {
            for (PipelineSpec pb : b.pipelines()) {
                PipelineSpec pa = a.pipeline(pb.id()).orElseThrow();
                pipelines.add(pipeline(pa, pb, PipelineTree.key(b, pb.id()), changed, restart));
            }
            staged = shapes(pipelines);
        }
        check(changed, "mqtt", a.mqtt(), b.mqtt(), restart);
        check(changed, "outbox", a.outbox(), b.outbox(), restart);
        check(changed, "homeassistant", a.homeAssistant(), b.homeAssistant(), restart);
        boolean telemetry = !a.telemetry().equals(b.telemetry());
        if (telemetry) {
            changed.add("telemetry");
        }
        boolean metrics = !a.metrics().equals(b.metrics());
        if (metrics) {
            changed.add("metrics");
        }
        check(changed, "http", a.http(), b.http(), restart);
        // The groups are subscribed to at start.
        check(changed, "fleet", a.fleet(), b.fleet(), restart);
        if (!a.control().equals(b.control())) {
            changed.add("control");
        }
        return new ConfigDiff(List.copyOf(changed), List.copyOf(pipelines), telemetry, metrics, List.copyOf(restart),
                staged);
    }

    private static Pipeline pipeline(PipelineSpec a, PipelineSpec b, String key, List<String> changed,
            List<String> restart) {
        ModelConfig ma = a.model();
        ModelConfig mb = b.model();
        // Adding a classifier to a pipeline that only detects anomalies, or taking one away, builds
        // its inference loop anew (its post-processing, its deployment): it takes a restart.
        boolean addedOrRemoved = (ma == null) != (mb == null);
        boolean reload = ma != null && mb != null && (!ma.path().equals(mb.path()) || !ma.name().equals(mb.name())
                || !ma.version().equals(mb.version()) || !ma.labels().equals(mb.labels()));
        if (!Objects.equals(ma, mb)) {
            changed.add(key + "model");
        }
        if (addedOrRemoved) {
            restart.add(key + "model");
        }
        if (ma != null && mb != null && ma.threads() != mb.threads()) {
            restart.add(key + "model.threads");
        }
        if (ma != null && mb != null && !ma.cacheDir().equals(mb.cacheDir())) {
            restart.add(key + "model.cache_dir");
        }
        boolean source = !a.source().equals(b.source()) || a.window().hop() != b.window().hop();
        if (!a.source().equals(b.source())) {
            changed.add(key + "source");
        }
        if (!a.window().equals(b.window())) {
            changed.add(key + "window");
        }
        if (a.window().size() != b.window().size()) {
            restart.add(key + "window.size");
        }
        check(changed, key + "pipeline", a.queue(), b.queue(), restart);
        // The prediction sink is built with the pipeline: a new publishing mode takes a restart.
        check(changed, key + "publish", a.publish(), b.publish(), restart);
        // The capture thread, its folder and its upload are built with the pipeline, like its sink.
        check(changed, key + "capture", a.capture(), b.capture(), restart);
        // The anomaly stage is opened on its baseline file with the pipeline.
        check(changed, key + "anomaly", a.anomaly(), b.anomaly(), restart);
        int[] da = a.source().inputDims(a.window());
        int[] db = b.source().inputDims(b.window());
        String shape = Arrays.equals(da, db) ? null : Window.shapeText(da) + " -> " + Window.shapeText(db);
        return new Pipeline(b.id(), key, reload, source, shape);
    }

    /** The input shape changes, each with its pipeline's key when the file lists pipelines; null when none. */
    private static String shapes(List<Pipeline> pipelines) {
        List<String> out = new ArrayList<>();
        for (Pipeline p : pipelines) {
            if (p.shape() != null) {
                out.add(p.key().isEmpty() ? p.shape() : p.key().substring(0, p.key().length() - 1) + ": " + p.shape());
            }
        }
        return out.isEmpty() ? null : String.join("; ", out);
    }

    private static List<String> ids(DaemonConfig c) {
        return c.pipelines().stream().map(PipelineSpec::id).toList();
    }

    private static void check(List<String> changed, String name, Object x, Object y, List<String> restart) {
        if (!Objects.equals(x, y)) {
            changed.add(name);
            restart.add(name);
        }
    }

    boolean empty() {
        return changed.isEmpty();
    }

    /** What a change restarts, as the answer names them: each pipeline's model and input, then telemetry, metrics. */
    List<String> restarted() {
        List<String> r = new ArrayList<>();
        for (Pipeline p : pipelines) {
            if (p.reloadModel()) {
                r.add(p.key() + "model");
            }
            if (p.restartSource()) {
                r.add(p.key() + "source");
            }
        }
        if (restartTelemetry) {
            r.add("telemetry");
        }
        if (restartMetrics) {
            r.add("metrics");
        }
        return r;
    }
}
