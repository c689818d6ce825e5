package io.edgeinfer.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.ControlService;
import io.edgeinfer.mqtt.Json;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The control service as the device page reads it: the {@code cmd/status} answer, built on the
 * control thread (never half-way through a command) at most every 2 s, and read from the last
 * one meanwhile, so the page never waits for a command in progress.
 */
final class ControlView {
    static final long REFRESH_MS = 2000;

    private final ControlService control;
    private final Clock clock;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile JsonNode last = MissingNode.getInstance();
    private volatile long refreshedMs = Long.MIN_VALUE / 2;

    ControlView(ControlService control, Clock clock) {
        this.control = control;
        this.clock = clock;
    }

    /** The last status answer as JSON (empty before the first), asking for a fresh one when it is old. */
    JsonNode status() {
        long now = clock.millis();
        if (now - refreshedMs >= REFRESH_MS && refreshing.compareAndSet(false, true)) {
            try {
                // A query: answered on the query thread, never waiting for a change, and not published.
                control.local("status", "page-status").whenComplete((r, t) -> {
                    if (r != null && r.ok()) {
                        last = Json.mapper().valueToTree(r);
                    }
                    refreshedMs = clock.millis();
                    refreshing.set(false);
                });
            } catch (RejectedExecutionException e) {
                refreshing.set(false); // stopping: the last answer stays
            }
        }
        return last;
    }

    /** Runs a page action; the next read asks for a fresh status, which the action has changed. */
    CompletableFuture<CommandResult> local(String command, String requestId, Map<String, Object> fields) {
        return control.local(command, requestId, fields).whenComplete((r, t) -> refreshedMs = Long.MIN_VALUE / 2);
    }
}
