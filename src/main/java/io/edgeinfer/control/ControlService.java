package io.edgeinfer.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.outbox.Outbox;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote control: takes commands from {@code {prefix}/{device}/cmd/{name}}, checks and runs them, and
 * answers each on {@code cmd/result} through the durable outbox, so answers survive an outage like
 * predictions. Changes run one at a time on the control thread ({@code edgeinfer-control}; never on
 * the MQTT client's thread, never on the inference thread), together with config reloads (SIGHUP,
 * file edits) and the periodic checks, so changes never interleave. Queries run on their own thread.
 * What the commands do is in the {@link CommandTable} the composition root fills in.
 */
public final class ControlService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlService.class);
    private static final int MAX_PENDING = 64;

    private final Supplier<ControlConfig> config;
    private final CommandAuth auth;
    private final CommandTable commands;
    private final ConfigReload reload;
    private final FileWatch fileWatch;
    private final Outbox outbox;
    private final String cmdPrefix;
    private final String resultTopic;
    private final Clock clock;
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(named(
            "edgeinfer-control"));
    private final ScheduledExecutorService queries = Executors.newSingleThreadScheduledExecutor(named(
            "edgeinfer-control-query"));
    private CommandSubscriber subscriber;
    private boolean subscribed;

    /**
     * @param config the running {@code control} section (it may change with a pushed config)
     * @param fileWatch calls for a reload when the config file is written, or null
     */
    public ControlService(Supplier<ControlConfig> config, CommandAuth auth, CommandTable commands, ConfigReload reload,
            FileWatch fileWatch, Outbox outbox, Topics topics, Clock clock) {
        this.config = config;
        this.auth = auth;
        this.commands = commands;
        this.reload = reload;
        this.fileWatch = fileWatch;
        this.outbox = outbox;
        this.clock = clock;
        this.cmdPrefix = topics.base() + "/cmd/";
        this.resultTopic = cmdPrefix + "result";
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Subscribes when remote control is on, starts the periodic checks and the file watch. */
    public void start(CommandSubscriber sub) throws IOException {
        this.subscriber = sub;
        subscribeIfEnabled();
        control.scheduleWithFixedDelay(this::periodic, 500, 500, TimeUnit.MILLISECONDS);
        queries.scheduleWithFixedDelay(this::monitors, 500, 500, TimeUnit.MILLISECONDS);
        if (fileWatch != null) {
            fileWatch.start(() -> reload("file changed"));
        }
    }

    private synchronized void subscribeIfEnabled() {
        ControlConfig c = config.get();
        if (subscribed || subscriber == null) {
            return;
        }
        if (!c.enabled()) {
            LOG.info("remote control off (no control.trusted_keys, control.allow_unsigned false)");
            return;
        }
        if (c.trustedKeys().isEmpty()) {
            LOG.warn(
                    "remote control accepts UNSIGNED commands on {}#: anyone who can publish to the broker can change the "
                            + "model and the config (control.allow_unsigned: true; set control.trusted_keys in production)",
                    cmdPrefix);
        } else {
            LOG.info("remote control on {}#: commands signed by {} trusted key(s)", cmdPrefix, c.trustedKeys().size());
        }
        subscriber.subscribe(cmdPrefix + "#", this::arrived);
        subscribed = true;
    }

    /** Called on the MQTT client's thread: hands the command to its thread, or answers busy. */
    private void arrived(String topic, byte[] payload) {
        if (topic.equals(resultTopic)) {
            return;
        }
        String name = topic.startsWith(cmdPrefix) ? topic.substring(cmdPrefix.length()) : topic;
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            answer(refused(RequestId.peek(payload), name, new CommandException("busy", "too many commands waiting ("
                    + MAX_PENDING
                    + "); send again later")));
            return;
        }
        boolean query = commands.isQuery(name);
        try {
            (query ? queries : control).execute(() -> run(topic, name, payload, query));
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet(); // shutting down: the command is not run and not answered
        }
    }

    private void run(String topic, String name, byte[] payload, boolean query) {
        try {
            CommandResult r = handle(topic, name, payload);
            answer(r);
            if (r.reply() instanceof AfterAnswer then) {
                then.afterAnswer();
            }
            if (!query) {
                subscribeIfEnabled();
            }
        } finally {
            pending.decrementAndGet();
        }
    }

    /** Runs one command; always returns an answer. */
    CommandResult handle(String topic, String name, byte[] payload) {
        String requestId = null;
        try {
            JsonNode body = parse(payload);
            requestId = RequestId.of(body);
            if (requestId == null) {
                throw new CommandException("bad_request",
                        "request_id is required: 1-128 printable ASCII characters, no spaces");
            }
            auth.check(topic, payload, body);
            CommandHandler handler = commands.find(name);
            if (handler == null) {
                throw new CommandException("unknown_command", "unknown command '" + CommandBody.abbreviate(name)
                        + "'; commands: " + commands.names());
            }
            return CommandResult.ok(requestId, name, clock.millis(), handler.handle(new CommandBody(body), requestId));
        } catch (CommandException e) {
            return refused(requestId, name, e);
        } catch (RuntimeException e) {
            LOG.error("command {} {} failed unexpectedly", name, requestId, e);
            return refused(requestId, name, new CommandException("internal_error", "internal error: " + e));
        }
    }

    private JsonNode parse(byte[] payload) throws CommandException {
        int max = config.get().maxCommandBytes();
        if (payload.length > max) {
            throw new CommandException("too_large", "command is " + payload.length
                    + " bytes; control.max_command_bytes is " + max);
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
        return body;
    }

    /**
     * A command asked at the device page, which authorised the operator itself (docs/web.md,
     * "Actions") instead of a signature: the same handler as the MQTT command of that name (or a
     * local-only one, {@link CommandTable#local}), on the same thread, so it never interleaves with a
     * change. A change's answer also goes to {@code cmd/result}, so whoever watches the fleet sees
     * what was done at the machine; a query's does not.
     *
     * @throws RejectedExecutionException when the service is closing
     */
    public CompletableFuture<CommandResult> local(String name, String requestId) {
        return local(name, requestId, Map.of());
    }

    /** The same, with the command's fields (e.g. the {@code pipeline} it acts on). */
    public CompletableFuture<CommandResult> local(String name, String requestId, Map<String, Object> fields) {
        CommandHandler handler = commands.findLocal(name);
        if (handler == null) {
            return CompletableFuture.completedFuture(refused(requestId, name,
                    new CommandException("unknown_command", "unknown command '" + CommandBody.abbreviate(name) + "'")));
        }
        boolean query = commands.isQuery(name);
        CompletableFuture<CommandResult> done = new CompletableFuture<>();
        (query ? queries : control).execute(() -> {
            CommandResult r;
            try {
                r = CommandResult.ok(requestId, name, clock.millis(),
                        handler.handle(new CommandBody(Json.mapper().valueToTree(fields)), requestId));
            } catch (CommandException e) {
                r = refused(requestId, name, e);
            } catch (RuntimeException e) {
                LOG.error("page command {} {} failed unexpectedly", name, requestId, e);
                r = refused(requestId, name, new CommandException("internal_error", "internal error: " + e));
            }
            if (!query) {
                answer(r);
            }
            done.complete(r);
        });
        return done;
    }

    /** SIGHUP or a file edit: re-reads the config file on the control thread; an invalid file is refused and logged. */
    public void reload(String why) {
        if (control.isShutdown()) {
            return;
        }
        control.execute(() -> {
            try {
                LOG.info("config file re-read ({}): {}", why, reload.reload());
                subscribeIfEnabled();
            } catch (CommandException e) {
                LOG.error("config file refused ({}), the running config stays: {}", why, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("config reload ({}) failed", why, e);
            }
        });
    }

    private void monitors() {
        for (Runnable m : commands.monitors()) {
            try {
                m.run();
            } catch (RuntimeException e) {
                LOG.error("control monitor failed", e);
            }
        }
    }

    private void periodic() {
        for (Periodic p : commands.periodic()) {
            try {
                CommandResult r = p.tick();
                if (r != null) {
                    answer(r);
                }
            } catch (RuntimeException e) {
                LOG.error("control periodic check failed", e);
            }
        }
    }

    private CommandResult refused(String requestId, String command, CommandException e) {
        if (!"model/chunk".equals(command) && !"status".equals(command)) {
            LOG.warn("command {} {} refused: {}", command, requestId, e.getMessage());
        }
        return CommandResult.refused(requestId, command, clock.millis(), e, null);
    }

    private void answer(CommandResult result) {
        outbox.append(resultTopic, Json.encode(result));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return CommandBody.abbreviate(nl > 0 ? s.substring(0, nl) : s);
    }

    /**
     * Stops the file watch and the threads. A command in progress finishes first (bounded), unless
     * what it waits for is cut short by the parts closed first (a model validation is abandoned).
     */
    @Override
    public void close() {
        if (fileWatch != null) {
            fileWatch.close();
        }
        for (AutoCloseable c : commands.closeFirst()) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        queries.shutdown();
        control.shutdown();
        try {
            if (!control.awaitTermination(10, TimeUnit.SECONDS)) {
                control.shutdownNow();
            }
            queries.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
