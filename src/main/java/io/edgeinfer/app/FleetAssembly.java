package io.edgeinfer.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.capture.PipelineCapture;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.FleetConfig;
import io.edgeinfer.control.CommandTable;
import io.edgeinfer.control.deploy.Deployments;
import io.edgeinfer.control.fleet.FleetTopics;
import io.edgeinfer.control.fleet.device.DeployedSlot;
import io.edgeinfer.control.fleet.device.FleetAgent;
import io.edgeinfer.control.fleet.device.PipelineSlot;
import io.edgeinfer.control.fleet.device.PublisherLink;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.pipeline.shadow.ShadowRunner;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the fleet agent of a daemon (docs/fleet.md): one slot per pipeline on the same deployments
 * {@code cmd/model} uses, the daemon's broker link, a shadow thread per shadowed pipeline (feeding the
 * pipeline's capture when it keeps shadow disagreements), telemetry's
 * power reading for energy, and the agent's work on the control thread (a periodic of the command
 * table), so a rollout's swaps are serialised with every command. Off when remote control is off
 * (desired states are trusted as commands are) or {@code fleet.enabled} is false.
 */
final class FleetAssembly {
    private static final Logger LOG = LoggerFactory.getLogger(FleetAssembly.class);

    private final DaemonConfig config;
    private final Supplier<DaemonConfig> current;
    private final Publisher sender;
    private final TelemetryTap telemetry;
    private final String bootId;
    private final Clock clock;
    private final Function<String, PipelineCapture> captures;

    /** @param captures a pipeline's capture, null where it does not capture: its shadows feed it */
    FleetAssembly(DaemonConfig config, Supplier<DaemonConfig> current, Publisher sender, TelemetryTap telemetry,
            String bootId, Clock clock, Function<String, PipelineCapture> captures) {
        this.config = config;
        this.current = current;
        this.sender = sender;
        this.telemetry = telemetry;
        this.bootId = bootId;
        this.clock = clock;
        this.captures = captures;
    }

    /** Starts the agent on {@code deployments} and hands its work to {@code commands}. */
    void attach(Deployments deployments, CommandTable commands) {
        FleetConfig f = config.fleet();
        if (!f.enabled() || !config.control().enabled()) {
            LOG.info("fleet rollouts off ({})", f.enabled() ? "remote control is off" : "fleet.enabled is false");
            return;
        }
        if (deployments.all().isEmpty()) {
            // A rollout replaces a serving classifier; a pipeline with none is not a member's slot.
            LOG.info("fleet rollouts off (no pipeline has a classifier)");
            return;
        }
        List<PipelineSlot> slots = deployments.all().stream().<PipelineSlot>map(d -> new DeployedSlot(d, current,
                clock))
                .toList();
        FleetAgent agent = new FleetAgent(new FleetAgent.Device(config.deviceId(), bootId, f.allGroups(config
                .deviceId()),
                new FleetTopics(config.mqtt().topicPrefix()), () -> current.get().control(),
                config.control().stateDir().resolve("fleet-" + config.deviceId() + ".json"), this::powerW, clock,
                System::nanoTime), new PublisherLink(sender), slots,
                new CapturingShadows((candidate, pipeline) -> ShadowRunner.onOwnThread(candidate, f.shadowQueue(),
                        "edgeinfer-shadow-" + pipeline), captures));
        agent.start();
        commands.periodic(agent::tick).closeFirst(agent::close);
    }

    /** The power telemetry measured over its last interval, W; NaN before the first or without a meter. */
    private double powerW() {
        byte[] last = telemetry.last();
        if (last == null) {
            return Double.NaN;
        }
        try {
            JsonNode p = Json.mapper().readTree(last).get("power_w");
            return p == null || !p.isNumber() ? Double.NaN : p.asDouble();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
