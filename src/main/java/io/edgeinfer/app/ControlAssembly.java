package io.edgeinfer.app;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.AnomalyCommands;
import io.edgeinfer.control.CommandAuth;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.CommandHandler;
import io.edgeinfer.control.CommandSubscriber;
import io.edgeinfer.control.CommandTable;
import io.edgeinfer.control.ControlService;
import io.edgeinfer.control.NonceStore;
import io.edgeinfer.control.PipelineHandle;
import io.edgeinfer.control.ProcessCommands;
import io.edgeinfer.control.ProcessRestart;
import io.edgeinfer.control.Rebirth;
import io.edgeinfer.control.deploy.ChunkTransfers;
import io.edgeinfer.control.deploy.Deployments;
import io.edgeinfer.control.deploy.HealthWatch;
import io.edgeinfer.control.deploy.ModelDeployer;
import io.edgeinfer.control.deploy.ModelFetcher;
import io.edgeinfer.control.deploy.ModelLoader;
import io.edgeinfer.control.deploy.ModelStore;
import io.edgeinfer.control.deploy.ModelSwap;
import io.edgeinfer.control.deploy.ModelValidator;
import io.edgeinfer.control.deploy.PipelineDeployment;
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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

/**
 * Builds remote control for one daemon: the command transport with its auth and nonces, model
 * deployment for each pipeline (fetch, validate, swap, history, watch, rollback, each pipeline's
 * own), live reconfiguration (the config file, pushes, reloads), the status report, and the table that
 * maps command topics to them. Reads the state the control keeps across restarts (nonces, model
 * histories, the config file) here, not in the parts.
 */
public final class ControlAssembly {
    /** The history of a single-pipeline config: the name devices in the field already have. */
    static final String HISTORY = "model-history.json";

    private final DaemonConfig config;
    private final Path configFile;
    private final Map<String, String> env;
    private final Clock clock;
    private RunningConfig running;
    private BiConsumer<Deployments, CommandTable> onDeployments = (d, c) -> {
    };
    private final Map<String, CommandHandler> queries = new LinkedHashMap<>();

    /** One pipeline's deployment parts, before the config control they commit through exists. */
    private record Watched(PipelineHandle pipeline, ModelStore store, ServingMonitor monitor, HealthWatch watch,
            ModelValidator validator, ModelSwap swap) {
    }

    /** @param configFile where the config came from, or null (remote changes are then refused) */
    public ControlAssembly(DaemonConfig config, Path configFile, Map<String, String> env, Clock clock) {
        this.config = config;
        this.configFile = configFile;
        this.env = env;
        this.clock = clock;
    }

    /**
     * Adds work on the pipelines' deployments to the command table as {@link #build} makes them (the
     * fleet agent, {@link FleetAssembly}).
     */
    ControlAssembly onDeployments(BiConsumer<Deployments, CommandTable> hook) {
        this.onDeployments = hook;
        return this;
    }

    /** {@link #build} the control service and subscribe it to its commands. */
    ControlService start(Components components, List<PipelineHandle> pipelines, ModelLoader loader, Outbox outbox,
            Topics topics, DeviceFacts facts, Rebirth rebirth, ProcessRestart restart, Runnable statusChanged,
            CommandSubscriber subscriber) throws IOException {
        ControlService c = build(components, pipelines, loader, outbox, topics, facts, rebirth, restart, statusChanged);
        c.start(subscriber);
        return c;
    }

    /**
     * @param components the parts a config change restarts
     * @param pipelines one per pipeline of the config, in config order
     * @param rebirth Sparkplug's rebirth, or null when {@code mqtt.format} is not sparkplug
     * @param statusChanged republishes the retained status (after a model swap in any pipeline)
     */
    public ControlService build(Components components, List<PipelineHandle> pipelines, ModelLoader loader,
            Outbox outbox,
            Topics topics, DeviceFacts facts, Rebirth rebirth, ProcessRestart restart, Runnable statusChanged)
            throws IOException {
        requireConfigOrder(pipelines);
        ControlConfig c = config.control();
        running = new RunningConfig(config);
        NonceStore nonces = new NonceStore(c.stateDir().resolve("control-nonces.log"));
        nonces.load(clock.millis() - 2000L * c.maxClockSkewS());
        Map<String, Watched> watched = watched(pipelines, running, loader, statusChanged);
        ConfigFile file = configFile == null ? null : ConfigFile.open(configFile, clock);
        ConfigControl configs = new ConfigControl(running, file, env, components,
                (next, spec) -> watched.get(spec.id()).swap().prepare(next, spec));
        ChunkTransfers transfers = new ChunkTransfers(() -> configs.current().control(), clock);
        ModelFetcher fetcher = new ModelFetcher(transfers);
        List<PipelineDeployment> list = new ArrayList<>();
        for (Watched w : watched.values()) {
            list.add(new PipelineDeployment(w.pipeline(), new ModelDeployer(w.pipeline(), configs, w.swap(), fetcher,
                    w.store(), w.watch(), clock), w.monitor()));
        }
        Deployments deployments = new Deployments(pipelines, list);
        CommandTable commands = commands(configs, deployments, transfers,
                new StatusReport(configs, deployments, transfers, facts, clock),
                new ProcessCommands(rebirth, () -> configs.current().mqtt().format(), restart,
                        configs::restartRequired));
        commands.local("restart_source", new InputRestart(configs, components));
        commands.change("anomaly", new AnomalyCommands(pipelines)::command);
        onDeployments.accept(deployments, commands);
        queries.forEach(commands::query);
        watched.values().forEach(w -> commands.closeFirst(w.validator()));
        ConfigFileWatcher fileWatch = file != null && c.watchConfigFile() ? new ConfigFileWatcher(file.path()) : null;
        return new ControlService(() -> configs.current().control(),
                new CommandAuth(() -> configs.current().control(), nonces, clock), commands, () -> reload(configs),
                fileWatch,
                outbox, topics, clock);
    }

    /**
     * A query command of another feature ({@code capture}), answered on the query thread like
     * {@code status}. Before {@link #build}.
     */
    public void addQuery(String name, CommandHandler handler) {
        queries.put(name, handler);
    }

    /** The config running now: the one it was built with until {@link #build}, then whatever changes made it. */
    public DaemonConfig current() {
        return running == null ? config : running.get();
    }

    /** The commands by topic, and each pipeline's health watch and serving monitor. */
    private static CommandTable commands(ConfigControl configs, Deployments deployments, ChunkTransfers transfers,
            StatusReport status, ProcessCommands process) {
        CommandTable commands = new CommandTable()
                .change("model", deployments::deploy)
                .change("model/chunk", transfers::accept)
                .change("config", configs::command)
                .change("rollback", deployments::rollback)
                .query("status", status::status)
                .change("rebirth", process::rebirth)
                .change("restart", process::restart)
                .periodic(transfers::tick);
        for (PipelineDeployment d : deployments.all()) {
            commands.monitor(d.monitor()).periodic(d.deployer()::checkWatch);
        }
        return commands;
    }

    /** Status, commands and the history files follow the config's order and ids; a mismatch is a wiring bug. */
    private void requireConfigOrder(List<PipelineHandle> pipelines) {
        List<String> ids = pipelines.stream().map(PipelineHandle::id).toList();
        List<String> configured = config.pipelines().stream().map(PipelineSpec::id).toList();
        if (!ids.equals(configured)) {
            throw new IllegalArgumentException("control needs one handle per configured pipeline " + configured
                    + " in that order, got " + ids);
        }
    }

    /**
     * Each classifying pipeline's history, serving monitor, health watch, validator and swap (a
     * pipeline without a classifier has none: nothing to deploy). Every history is read before any
     * boot model is recorded, so no pipeline prunes a file another one still needs.
     */
    private Map<String, Watched> watched(List<PipelineHandle> pipelines, RunningConfig running, ModelLoader loader,
            Runnable statusChanged) throws IOException {
        ControlConfig c = config.control();
        List<ModelStore> stores = new ArrayList<>();
        List<PipelineHandle> classifying = pipelines.stream().filter(PipelineHandle::classifies).toList();
        for (PipelineHandle p : classifying) {
            int self = stores.size();
            stores.add(new ModelStore(c.stateDir().resolve(historyFile(config, p.id())), configFile, c.modelDir(),
                    f -> IntStream.range(0, stores.size()).anyMatch(i -> i != self && stores.get(i).uses(f))));
        }
        Map<String, Watched> out = new LinkedHashMap<>();
        for (int i = 0; i < classifying.size(); i++) {
            PipelineHandle p = classifying.get(i);
            ServingMonitor monitor = ServingMonitor.of(p.loop(), p.stats(), p.health(),
                    () -> running.get().control().rollback().maxErrorRate());
            p.loop().addObserver(monitor);
            HealthWatch watch = new HealthWatch(monitor::assessment, p.loop()::inFlightNanos, System::nanoTime);
            p.loop().addObserver(watch);
            ModelValidator validator = new ModelValidator(loader);
            ModelSwap swap = new ModelSwap(p, validator, stores.get(i), watch, statusChanged, clock);
            swap.booted(config);
            out.put(p.id(), new Watched(p, stores.get(i), monitor, watch, validator, swap));
        }
        return out;
    }

    /**
     * Where a pipeline's model history is kept in {@code control.state_dir}: the one file of a
     * single-pipeline config (as devices in the field have it), one per pipeline in a file that lists
     * pipelines.
     */
    static String historyFile(DaemonConfig config, String pipeline) {
        return config.named() ? "model-history-" + pipeline + ".json" : HISTORY;
    }

    private static String reload(ConfigControl configs) throws CommandException {
        ConfigReply r = configs.reload();
        return "changed " + r.changed() + (r.restartRequired().isEmpty()
                ? ""
                : ", restart required for " + r.restartRequired());
    }
}
