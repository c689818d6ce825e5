package io.edgeinfer.control.status;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.Reply;
import io.edgeinfer.control.deploy.ChunkTransfers;
import io.edgeinfer.control.deploy.ModelDeployer;
import io.edgeinfer.control.deploy.ModelStore;
import io.edgeinfer.control.deploy.ServingMonitor;
import io.edgeinfer.control.reconfig.ConfigControl;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.pipeline.InferenceLoop;
import io.edgeinfer.sensor.Health;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to {@code cmd/status}. It only reads, on the query thread, so it is answered even while
 * the control thread is busy with a change (a model validating, a download).
 */
public final class StatusReport {
    private final ConfigControl configs;
    private final ModelDeployer deployer;
    private final ServingMonitor monitor;
    private final InferenceLoop loop;
    private final ChunkTransfers transfers;
    private final DeviceFacts facts;
    private final Clock clock;

    public StatusReport(ConfigControl configs, ModelDeployer deployer, ServingMonitor monitor, InferenceLoop loop,
            ChunkTransfers transfers, DeviceFacts facts, Clock clock) {
        this.configs = configs;
        this.deployer = deployer;
        this.monitor = monitor;
        this.loop = loop;
        this.transfers = transfers;
        this.facts = facts;
        this.clock = clock;
    }

    /** {@code cmd/status}. */
    public Reply status(CommandBody b, String requestId) throws CommandException {
        b.rejectUnknown();
        return build();
    }

    StatusReply build() {
        ControlConfig c = configs.current().control();
        Path file = configs.file();
        return new StatusReply(facts.deviceId(), facts.bootId(), facts.version(), (clock.millis() - facts.startMs()) / 1000.0,
                configs.configHash(), file == null ? null : file.toString(), configs.restartRequired(), configs.pendingShape(),
                ModelRef.of(loop.model().info()), versions(), health(),
                new StatusReply.ControlView(!c.trustedKeys().isEmpty(),
                        c.trustedKeys().stream().map(ControlConfig.TrustedKey::keyId).toList(), c.allowUnsigned(),
                        transfers.pending()));
    }

    private List<StatusReply.VersionView> versions() {
        String serving = loop.model().info().sha256();
        List<ModelStore.Version> history = deployer.versions();
        List<StatusReply.VersionView> out = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            ModelStore.Version v = history.get(i);
            // The newest entry is the serving one; an older entry with the same bytes is history.
            boolean isServing = i == history.size() - 1 && v.sha256().equals(serving);
            out.add(new StatusReply.VersionView(v.name(), v.version(), v.sha256(), v.path(), Files.isRegularFile(Path.of(v.path())),
                    isServing, v.deployedMs()));
        }
        return out;
    }

    private StatusReply.HealthView health() {
        Health.State input = facts.health().state();
        ServingMonitor.Assessment model = monitor.assessment();
        return new StatusReply.HealthView(input.key(), input.reason(), model.ok() ? "ok" : "degraded", model.reason(),
                facts.stats().inferencesTotal(),
                facts.stats().errorsTotal(), facts.stats().droppedTotal(), deployer.watching(), deployer.lastRollback());
    }
}
