package io.edgeinfer.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.pipeline.InferenceLoop;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote control: takes commands from {@code {prefix}/{device}/cmd/{name}}, runs them one at a time
 * on its own thread ({@code edgeinfer-control}; never on the MQTT client's thread, never on the
 * inference thread), and answers each on {@code cmd/result} through the durable outbox, so answers
 * survive an outage like predictions. Also runs config reloads (SIGHUP, file edits) and the health
 * watch after a swap on the same thread, so changes never interleave.
 */
public final class ControlService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlService.class);
    private static final Pattern REQUEST_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final int MAX_PENDING = 64;

    private final ConfigControl configs;
    private final ModelDeployer deployer;
    private final ChunkTransfers transfers;
    private final CommandAuth auth;
    private final Outbox outbox;
    private final String cmdPrefix;
    private final String resultTopic;
    private final StatusReport status;
    private final Rebirth rebirth;
    private final ProcessRestart restart;
    private final Clock clock;
    /** Set by a {@code restart} command on the control thread; acted on once its answer is queued. */
    private String restartAfterAnswer;
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "edgeinfer-control");
        t.setDaemon(true);
        return t;
    });
    private CommandSubscriber subscriber;
    private boolean subscribed;
    private ConfigFileWatcher fileWatcher;

    /**
     * @param rebirth Sparkplug's rebirth, or null when {@code mqtt.format} is not sparkplug
     * @param statusChanged republishes the retained status (after a model swap)
     */
    public ControlService(ConfigControl configs, InferenceLoop loop, ModelLoader loader, Outbox outbox, Topics topics,
            DeviceFacts facts, Rebirth rebirth, ProcessRestart restart, Runnable statusChanged, Clock clock) {
        this.configs = configs;
        this.outbox = outbox;
        this.rebirth = rebirth;
        this.restart = restart;
        this.clock = clock;
        this.cmdPrefix = topics.base() + "/cmd/";
        this.resultTopic = cmdPrefix + "result";
        ControlConfig c = configs.current().control();
        NonceStore nonces = new NonceStore(c.stateDir().resolve("control-nonces.log"));
        nonces.load(clock.millis() - 2000L * c.maxClockSkewS());
        this.auth = new CommandAuth(() -> configs.current().control(), nonces, clock);
        this.transfers = new ChunkTransfers(clock);
        HealthWatch watch = new HealthWatch();
        loop.addObserver(watch);
        this.deployer = new ModelDeployer(configs, loop, new ModelValidator(loader), new ModelFetcher(transfers),
                new ModelStore(c.stateDir().resolve("model-history.json")), watch, statusChanged, clock);
        this.status = new StatusReport(configs, deployer, loop, transfers, facts, clock);
    }

    /** Subscribes when remote control is on, records the boot model, starts the periodic checks and the file watch. */
    public void start(CommandSubscriber sub) throws IOException {
        this.subscriber = sub;
        deployer.booted(configs.current().model().path());
        subscribeIfEnabled();
        executor.scheduleWithFixedDelay(this::periodic, 500, 500, TimeUnit.MILLISECONDS);
        if (configs.file() != null && configs.current().control().watchConfigFile()) {
            fileWatcher = new ConfigFileWatcher(configs.file(), () -> reload("file changed"));
            fileWatcher.start();
        }
    }

    private void subscribeIfEnabled() {
        ControlConfig c = configs.current().control();
        if (subscribed || subscriber == null) {
            return;
        }
        if (!c.enabled()) {
            LOG.info("remote control off (no control.trusted_keys, control.allow_unsigned false)");
            return;
        }
        if (c.trustedKeys().isEmpty()) {
            LOG.warn("remote control accepts UNSIGNED commands on {}#: anyone who can publish to the broker can change the "
                    + "model and the config (control.allow_unsigned: true; set control.trusted_keys in production)", cmdPrefix);
        } else {
            LOG.info("remote control on {}#: commands signed by {} trusted key(s)", cmdPrefix, c.trustedKeys().size());
        }
        subscriber.subscribe(cmdPrefix + "#", this::arrived);
        subscribed = true;
    }

    /** Called on the MQTT client's thread: hands the command to the control thread, or answers busy. */
    private void arrived(String topic, byte[] payload) {
        if (topic.equals(resultTopic)) {
            return;
        }
        String name = topic.startsWith(cmdPrefix) ? topic.substring(cmdPrefix.length()) : topic;
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            answer(failure(null, name, new CommandException("busy", "too many commands waiting (" + MAX_PENDING + "); send again later")));
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    answer(handle(topic, name, payload));
                    restartIfAsked();
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet(); // shutting down: the command is not run and not answered
        }
    }

    /** Runs one command; always returns an answer. */
    Map<String, Object> handle(String topic, String name, byte[] payload) {
        String requestId = null;
        try {
            if (payload.length > configs.current().control().maxCommandBytes()) {
                throw new CommandException("too_large", "command is " + payload.length + " bytes; control.max_command_bytes is "
                        + configs.current().control().maxCommandBytes());
            }
            JsonNode body;
            try {
                body = CanonicalJson.parse(payload);
            } catch (IOException e) {
                throw new CommandException("malformed", "not valid JSON: " + firstLine(e.getMessage()));
            }
            if (body == null || !body.isObject()) {
                throw new CommandException("malformed", "a command is a JSON object");
            }
            JsonNode rid = body.get("request_id");
            if (rid != null && rid.isTextual() && REQUEST_ID.matcher(rid.asText()).matches()) {
                requestId = rid.asText();
            } else {
                throw new CommandException("bad_request", "request_id is required: 1-128 printable ASCII characters, no spaces");
            }
            auth.check(topic, payload, body);
            Map<String, Object> r = base(requestId, name, true);
            r.put("error", null);
            r.putAll(dispatch(name, new CommandBody(body), requestId));
            return r;
        } catch (CommandException e) {
            return failure(requestId, name, e);
        } catch (RuntimeException e) {
            LOG.error("command {} {} failed unexpectedly", name, requestId, e);
            return failure(requestId, name, new CommandException("internal_error", "internal error: " + e));
        }
    }

    private Map<String, Object> dispatch(String name, CommandBody b, String requestId) throws CommandException {
        switch (name) {
            case "model":
                return deployer.deploy(b, requestId);
            case "model/chunk":
                return transfers.accept(b, configs.current().control());
            case "config": {
                JsonNode patch = b.get("patch");
                b.rejectUnknown();
                if (patch == null) {
                    throw CommandBody.bad("patch", "is required: an RFC 7396 merge patch of the config");
                }
                Map<String, Object> r = configs.patch(patch, requestId);
                subscribeIfEnabled();
                return r;
            }
            case "rollback":
                b.rejectUnknown();
                return deployer.rollback(requestId, null);
            case "status":
                b.rejectUnknown();
                return status.build();
            case "rebirth":
                b.rejectUnknown();
                return rebirth();
            case "restart":
                b.rejectUnknown();
                return restart(requestId);
            default:
                throw new CommandException("unknown_command", "unknown command '" + CommandBody.abbreviate(name)
                        + "'; commands: model, model/chunk, config, rollback, status, rebirth, restart");
        }
    }

    private Map<String, Object> rebirth() throws CommandException {
        if (rebirth == null) {
            throw new CommandException("not_enabled", "sparkplug not enabled (mqtt.format is " + configs.current().mqtt().format() + ")");
        }
        try {
            rebirth.rebirth();
        } catch (Exception e) {
            throw new CommandException("rebirth_failed", "rebirth failed: " + e.getMessage(), e);
        }
        return Map.of();
    }

    private Map<String, Object> restart(String requestId) throws CommandException {
        String no = restart.unavailable();
        if (no != null) {
            throw new CommandException("not_supervised", "restart refused: " + no);
        }
        restartAfterAnswer = "cmd/restart " + requestId;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("restarting", true);
        r.put("applies", configs.restartRequired());
        return r;
    }

    /** After the answer is in the outbox: the daemon's stop drains the outbox before it exits. */
    private void restartIfAsked() {
        String why = restartAfterAnswer;
        if (why != null) {
            restartAfterAnswer = null;
            LOG.info("restart requested ({})", why);
            restart.request(why);
        }
    }

    /**
     * The {@code cmd/status} answer (model, versions on disk, last rollback, health) for the device
     * page, built on the control thread like the command's, so never half-way through one.
     *
     * @throws RejectedExecutionException when the service is closing
     */
    public CompletableFuture<Map<String, Object>> status() {
        return CompletableFuture.supplyAsync(status::build, executor);
    }

    /**
     * A command from an operator at the device page, authorised there (docs/web.md, "Actions")
     * instead of by a signature: {@code rollback}, or {@code restart_source} (the input restarted
     * from the running config, as a config change restarts it). It runs on the control thread like
     * an MQTT command, so it never interleaves with one, and its answer also goes to
     * {@code cmd/result}, so whoever watches the fleet sees it.
     */
    public CompletableFuture<Map<String, Object>> local(String name, String requestId) {
        CompletableFuture<Map<String, Object>> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                Map<String, Object> r = runLocal(name, requestId);
                answer(r);
                done.complete(r);
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private Map<String, Object> runLocal(String name, String requestId) {
        try {
            Map<String, Object> r = base(requestId, name, true);
            r.put("error", null);
            switch (name) {
                case "rollback" -> r.putAll(deployer.rollback(requestId, null));
                case "restart_source" -> r.putAll(configs.restartSource());
                default -> throw new CommandException("unknown_command", "unknown local command '" + CommandBody.abbreviate(name) + "'");
            }
            return r;
        } catch (CommandException e) {
            return failure(requestId, name, e);
        } catch (RuntimeException e) {
            LOG.error("local command {} {} failed unexpectedly", name, requestId, e);
            return failure(requestId, name, new CommandException("internal_error", "internal error: " + e));
        }
    }

    /** SIGHUP or a file edit: re-reads the config file on the control thread; an invalid file is refused and logged. */
    public void reload(String why) {
        if (executor.isShutdown()) {
            return;
        }
        executor.execute(() -> {
            try {
                Map<String, Object> r = configs.reload();
                LOG.info("config file re-read ({}): {}", why, r.get("changed"));
                subscribeIfEnabled();
            } catch (CommandException e) {
                LOG.error("config file {} refused ({}), the running config stays: {}", configs.file(), why, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("config reload ({}) failed", why, e);
            }
        });
    }

    private void periodic() {
        try {
            Map<String, Object> verdict = deployer.checkWatch();
            if (verdict != null) {
                Map<String, Object> r = base((String) verdict.remove("request_id"), "rollback", (Boolean) verdict.remove("ok"));
                r.put("error", verdict.remove("error"));
                r.putAll(verdict);
                answer(r);
            }
            transfers.expire(configs.current().control());
        } catch (RuntimeException e) {
            LOG.error("control periodic check failed", e);
        }
    }

    private Map<String, Object> base(String requestId, String command, boolean ok) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("request_id", requestId);
        r.put("command", command);
        r.put("ok", ok);
        r.put("ts_ms", clock.millis());
        return r;
    }

    private Map<String, Object> failure(String requestId, String command, CommandException e) {
        Map<String, Object> r = base(requestId, command, false);
        r.put("error", e.getMessage());
        r.put("code", e.code());
        if (!e.errors().isEmpty()) {
            r.put("errors", ConfigControl.errors(e.errors()));
        }
        if (!"model/chunk".equals(command) && !"status".equals(command)) {
            LOG.warn("command {} {} refused: {}", command, requestId, e.getMessage());
        }
        return r;
    }

    private void answer(Map<String, Object> result) {
        outbox.append(resultTopic, Json.encode(result));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return CommandBody.abbreviate(nl > 0 ? s.substring(0, nl) : s);
    }

    /** Stops the file watch and the control thread; a command in progress finishes first (bounded). */
    @Override
    public void close() {
        if (fileWatcher != null) {
            fileWatcher.close();
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
