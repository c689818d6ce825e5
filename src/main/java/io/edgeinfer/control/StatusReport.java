package io.edgeinfer.control;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.sensor.Health;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The answer to {@code cmd/status}: config hash, serving model, versions on disk, health. */
final class StatusReport {
    private final ConfigControl configs;
    private final ModelDeployer deployer;
    private final InferenceLoop loop;
    private final ChunkTransfers transfers;
    private final DeviceFacts facts;
    private final Clock clock;

    StatusReport(ConfigControl configs, ModelDeployer deployer, InferenceLoop loop, ChunkTransfers transfers, DeviceFacts facts,
            Clock clock) {
        this.configs = configs;
        this.deployer = deployer;
        this.loop = loop;
        this.transfers = transfers;
        this.facts = facts;
        this.clock = clock;
    }

    Map<String, Object> build() {
        DaemonConfig cfg = configs.current();
        ControlConfig c = cfg.control();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("device_id", facts.deviceId());
        r.put("boot_id", facts.bootId());
        r.put("version", facts.version());
        r.put("uptime_s", (clock.millis() - facts.startMs()) / 1000.0);
        r.put("config_sha256", configs.configHash());
        r.put("config_file", configs.file() == null ? null : configs.file().toString());
        r.put("restart_required", configs.restartRequired());
        r.put("pending_input_shape", configs.pendingShape());
        String serving = loop.model().info().sha256();
        r.put("model", ModelRef.of(loop.model().info()));
        List<Map<String, Object>> versions = new ArrayList<>();
        List<ModelStore.Version> history = deployer.versions();
        for (int i = 0; i < history.size(); i++) {
            ModelStore.Version v = history.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("version", v.version());
            m.put("sha256", v.sha256());
            m.put("path", v.path());
            m.put("on_disk", Files.isRegularFile(Path.of(v.path())));
            // The newest entry is the serving one; an older entry with the same bytes is history.
            m.put("serving", i == history.size() - 1 && v.sha256().equals(serving));
            m.put("deployed_ms", v.deployedMs());
            versions.add(m);
        }
        r.put("versions", versions);
        Map<String, Object> health = new LinkedHashMap<>();
        Health.State input = facts.input().get();
        health.put("input", input.key());
        health.put("input_reason", input.reason());
        health.put("inferences_total", facts.stats().inferencesTotal());
        health.put("inference_errors_total", facts.stats().errorsTotal());
        health.put("dropped_windows_total", facts.stats().droppedTotal());
        health.put("watching", deployer.watching());
        health.put("last_rollback", deployer.lastRollback());
        r.put("health", health);
        Map<String, Object> control = new LinkedHashMap<>();
        control.put("signed_commands", !c.trustedKeys().isEmpty());
        control.put("trusted_keys", c.trustedKeys().stream().map(ControlConfig.TrustedKey::keyId).toList());
        control.put("allow_unsigned", c.allowUnsigned());
        control.put("pending_transfers", transfers.pending());
        r.put("control", control);
        return r;
    }
}
