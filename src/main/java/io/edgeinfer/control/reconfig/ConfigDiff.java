package io.edgeinfer.control.reconfig;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What changed between two configs, and what each change needs (docs/configuration.md, "Changing
 * the config of a running daemon"): a model reload (validated and swapped like a pushed model), a
 * restart of one component, nothing (read live), or a process restart.
 *
 * @param changed top-level sections (or keys) that differ
 * @param reloadModel the model must be loaded again: path, name, version or labels changed
 * @param restartSource source settings or {@code window.hop} changed
 * @param restartRequired keys that only take effect when the process restarts
 */
record ConfigDiff(List<String> changed, boolean reloadModel, boolean restartSource, boolean restartTelemetry,
        boolean restartMetrics, List<String> restartRequired) {

    static ConfigDiff of(DaemonConfig a, DaemonConfig b) {
        List<String> changed = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        check(changed, "device_id", a.deviceId(), b.deviceId(), restart);
        ModelConfig ma = a.model();
        ModelConfig mb = b.model();
        boolean reload = !ma.path().equals(mb.path()) || !ma.name().equals(mb.name()) || !ma.version().equals(mb.version())
                || !ma.labels().equals(mb.labels());
        if (!ma.equals(mb)) {
            changed.add("model");
        }
        if (ma.threads() != mb.threads()) {
            restart.add("model.threads");
        }
        if (!ma.cacheDir().equals(mb.cacheDir())) {
            restart.add("model.cache_dir");
        }
        boolean source = !a.source().equals(b.source()) || a.window().hop() != b.window().hop();
        if (!a.source().equals(b.source())) {
            changed.add("source");
        }
        if (!a.window().equals(b.window())) {
            changed.add("window");
        }
        if (a.window().size() != b.window().size()) {
            restart.add("window.size");
        }
        check(changed, "pipeline", a.pipeline(), b.pipeline(), restart);
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
        if (!a.control().equals(b.control())) {
            changed.add("control");
        }
        return new ConfigDiff(List.copyOf(changed), reload, source, telemetry, metrics, List.copyOf(restart));
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
}
