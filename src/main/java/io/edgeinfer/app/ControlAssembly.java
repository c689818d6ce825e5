package io.edgeinfer.app;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.CommandAuth;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.CommandTable;
import io.edgeinfer.control.ControlService;
import io.edgeinfer.control.NonceStore;
import io.edgeinfer.control.ProcessCommands;
import io.edgeinfer.control.ProcessRestart;
import io.edgeinfer.control.Rebirth;
import io.edgeinfer.control.deploy.ChunkTransfers;
import io.edgeinfer.control.deploy.HealthWatch;
import io.edgeinfer.control.deploy.ModelDeployer;
import io.edgeinfer.control.deploy.ModelFetcher;
import io.edgeinfer.control.deploy.ModelLoader;
import io.edgeinfer.control.deploy.ModelStore;
import io.edgeinfer.control.deploy.ModelSwap;
import io.edgeinfer.control.deploy.ModelValidator;
import io.edgeinfer.control.deploy.ServingMonitor;
import io.edgeinfer.control.reconfig.Components;
import io.edgeinfer.control.reconfig.ConfigControl;
import io.edgeinfer.control.reconfig.ConfigFile;
import io.edgeinfer.control.reconfig.ConfigFileWatcher;
import io.edgeinfer.control.reconfig.ConfigReply;
import io.edgeinfer.control.reconfig.InputRestart;
import io.edgeinfer.control.reconfig.RunningConfig;
import io.edgeinfer.control.status.DeviceFacts;
import io.edgeinfer.control.status.StatusReport;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.pipeline.InferenceLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Builds remote control for one daemon: the command transport with its auth and nonces, model
 * deployment (fetch, validate, swap, history, watch), live reconfiguration (the config file, pushes,
 * reloads), the status report, and the table that maps command topics to them. Reads the state the
 * control keeps across restarts (nonces, model history, the config file) here, not in the parts.
 */
public final class ControlAssembly {
    private final DaemonConfig config;
    private final Path configFile;
    private final Map<String, String> env;
    private final Clock clock;
    private RunningConfig running;

    /** @param configFile where the config came from, or null (remote changes are then refused) */
    public ControlAssembly(DaemonConfig config, Path configFile, Map<String, String> env, Clock clock) {
        this.config = config;
        this.configFile = configFile;
        this.env = env;
        this.clock = clock;
    }

    /**
     * @param components the parts a config change restarts
     * @param rebirth Sparkplug's rebirth, or null when {@code mqtt.format} is not sparkplug
     * @param statusChanged republishes the retained status (after a model swap)
     */
    public ControlService build(Components components, InferenceLoop loop, ModelLoader loader, Outbox outbox, Topics topics,
            DeviceFacts facts, Rebirth rebirth, ProcessRestart restart, Runnable statusChanged) throws IOException {
        ControlConfig c = config.control();
        running = new RunningConfig(config);
        NonceStore nonces = new NonceStore(c.stateDir().resolve("control-nonces.log"));
        nonces.load(clock.millis() - 2000L * c.maxClockSkewS());
        ModelStore store = new ModelStore(c.stateDir().resolve("model-history.json"), configFile, c.modelDir());
        ServingMonitor monitor = ServingMonitor.of(loop, facts.stats(), facts.health(),
                () -> running.get().control().rollback().maxErrorRate());
        loop.addObserver(monitor);
        HealthWatch watch = new HealthWatch(monitor::assessment, loop::inFlightNanos, System::nanoTime);
        loop.addObserver(watch);
        ModelValidator validator = new ModelValidator(loader);
        ModelSwap swap = new ModelSwap(loop, validator, store, watch, statusChanged, clock);
        swap.booted(config);
        ConfigFile file = configFile == null ? null : ConfigFile.open(configFile, clock);
        ConfigControl configs = new ConfigControl(running, file, env, components, swap);
        ChunkTransfers transfers = new ChunkTransfers(() -> configs.current().control(), clock);
        ModelDeployer deployer = new ModelDeployer(configs, loop, swap, new ModelFetcher(transfers), store, watch, clock);
        StatusReport status = new StatusReport(configs, deployer, monitor, loop, transfers, facts, clock);
        ProcessCommands process = new ProcessCommands(rebirth, () -> configs.current().mqtt().format(), restart,
                configs::restartRequired);
        CommandTable commands = new CommandTable()
                .change("model", deployer::deploy)
                .change("model/chunk", transfers::accept)
                .change("config", configs::command)
                .change("rollback", deployer::rollback)
                .query("status", status::status)
                .change("rebirth", process::rebirth)
                .change("restart", process::restart)
                .local("restart_source", new InputRestart(configs, components))
                .monitor(monitor)
                .periodic(deployer::checkWatch)
                .periodic(transfers::tick)
                .closeFirst(validator);
        ConfigFileWatcher fileWatch = file != null && c.watchConfigFile() ? new ConfigFileWatcher(file.path()) : null;
        return new ControlService(() -> configs.current().control(),
                new CommandAuth(() -> configs.current().control(), nonces, clock), commands, () -> reload(configs), fileWatch,
                outbox, topics, clock);
    }

    /** The config running now: the one it was built with until {@link #build}, then whatever changes made it. */
    public DaemonConfig current() {
        return running == null ? config : running.get();
    }

    private static String reload(ConfigControl configs) throws CommandException {
        ConfigReply r = configs.reload();
        return "changed " + r.changed() + (r.restartRequired().isEmpty() ? "" : ", restart required for " + r.restartRequired());
    }
}
