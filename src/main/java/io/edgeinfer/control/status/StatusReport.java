package io.edgeinfer.control.status;

import io.edgeinfer.anomaly.AnomalyStatus;
import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.PipelineAddress;
import io.edgeinfer.control.PipelineHandle;
import io.edgeinfer.control.Reply;
import io.edgeinfer.control.deploy.ChunkTransfers;
import io.edgeinfer.control.deploy.Deployments;
import io.edgeinfer.control.deploy.ModelStore;
import io.edgeinfer.control.deploy.PipelineDeployment;
import io.edgeinfer.control.deploy.ServingMonitor;
import io.edgeinfer.control.reconfig.ConfigControl;
import io.edgeinfer.mqtt.ModelRef;
import io.edgeinfer.pipeline.AnomalyScoring;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.sensor.Health;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to {@code cmd/status}: the device, and every pipeline in it. It only reads, on the query
 * thread, so it is answered even while the control thread is busy with a change (a model
 * validating, a download). It describes the whole device, so unlike the commands that change a
 * pipeline it needs no {@code pipeline} on a device with several; one named picks whose model,
 * versions and health fill the top-level fields.
 */
public final class StatusReport {
    private final ConfigControl configs;
    private final Deployments deployments;
    private final ChunkTransfers transfers;
    private final DeviceFacts facts;
    private final Clock clock;

    public StatusReport(ConfigControl configs, Deployments deployments, ChunkTransfers transfers, DeviceFacts facts,
            Clock clock) {
        this.configs = configs;
        this.deployments = deployments;
        this.transfers = transfers;
        this.facts = facts;
        this.clock = clock;
    }

    /** {@code cmd/status}. */
    public Reply status(CommandBody b, String requestId) throws CommandException {
        String named = PipelineAddress.named(b, deployments.ids());
        b.rejectUnknown();
        return build(named);
    }

    /** @param pipeline whose model, versions and health go to the top level; null: the first */
    StatusReply build(String pipeline) {
        ControlConfig c = configs.current().control();
        Path file = configs.file();
        List<StatusReply.PipelineView> all = deployments.pipelines().stream().map(this::view).toList();
        StatusReply.PipelineView top = pipeline == null
                ? all.get(0)
                : all.stream().filter(p -> p.id().equals(pipeline)).findFirst().orElseThrow();
        return new StatusReply(facts.deviceId(), facts.bootId(), facts.version(), (clock.millis() - facts.startMs())
                / 1000.0,
                configs.configHash(), file == null ? null : file.toString(), configs.restartRequired(), configs
                        .pendingShape(),
                top.id(), top.model(), top.versions(), new StatusReply.HealthView(top.health(), top.watching(),
                        top.lastRollback()), all,
                new StatusReply.ControlView(!c.trustedKeys().isEmpty(),
                        c.trustedKeys().stream().map(ControlConfig.TrustedKey::keyId).toList(), c.allowUnsigned(),
                        transfers.pending()));
    }

    private StatusReply.PipelineView view(PipelineHandle p) {
        PipelineDeployment d = deployments.get(p.id());
        if (d == null) {
            return new StatusReply.PipelineView(p.id(), null, List.of(), health(p, null), false, null, anomaly(p),
                    StatusReply.NO_CLASSIFIER);
        }
        return new StatusReply.PipelineView(p.id(), ModelRef.of(p.loop().model().info()), versions(d),
                health(p, d.monitor().assessment()), d.deployer().watching(), d.deployer().lastRollback(), anomaly(p),
                null);
    }

    /** The stage's state read now, as {@code cmd/anomaly status} answers it; null without a stage. */
    private static AnomalyStatus anomaly(PipelineHandle p) {
        AnomalyScoring s = p.loop().anomaly();
        return s == null ? null : s.status();
    }

    private static List<StatusReply.VersionView> versions(PipelineDeployment d) {
        String serving = d.pipeline().loop().model().info().sha256();
        List<ModelStore.Version> history = d.deployer().versions();
        List<StatusReply.VersionView> out = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            ModelStore.Version v = history.get(i);
            // The newest entry is the serving one; an older entry with the same bytes is history.
            boolean isServing = i == history.size() - 1 && v.sha256().equals(serving);
            out.add(new StatusReply.VersionView(v.name(), v.version(), v.sha256(), v.path(), Files.isRegularFile(Path
                    .of(v.path())),
                    isServing, v.deployedMs()));
        }
        return out;
    }

    /** @param model the serving model's assessment, or null for a pipeline without a classifier */
    private static StatusReply.PipelineHealth health(PipelineHandle p, ServingMonitor.Assessment model) {
        Health.State input = p.health().state();
        PipelineStats stats = p.stats();
        String state = model == null ? StatusReply.NO_CLASSIFIER : model.ok() ? "ok" : "degraded";
        return new StatusReply.PipelineHealth(input.key(), input.reason(), state, model == null
                ? null
                : model.reason(), stats.inferencesTotal(), stats.errorsTotal(), stats.droppedTotal());
    }
}
