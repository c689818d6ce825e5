package io.edgeinfer.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/pipelines/{id}/actions/{action}}: checks that actions are on and the caller may
 * act, that the request comes from this page (no other site can make a browser send it), then
 * runs it through the port, one at a time. The answer is the command's own.
 */
final class Actions {
    private static final Logger LOG = LoggerFactory.getLogger(Actions.class);
    /** A rollback validates a model first (warm-up and timing runs); a small board takes seconds. */
    static final long TIMEOUT_S = 120;

    private final DeviceView view;
    private final Access access;
    private boolean running;

    Actions(DeviceView view, Access access) {
        this.view = view;
        this.access = access;
    }

    boolean known(String name) {
        return action(name) != null;
    }

    void run(ChannelHandlerContext ctx, FullHttpRequest req, DeviceView.Pipeline p, String name, boolean keepAlive) {
        Access.Denial denied = access.act(req.headers(), view.device().signedCommands());
        if (denied == null) {
            denied = sameOrigin(req.headers());
        }
        if (denied != null) {
            Responses.send(ctx, Responses.error(denied.status(), denied.message()), keepAlive, false);
            return;
        }
        if (running) {
            Responses.send(ctx, Responses.error(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "another action is running; try again when it is done"),
                    keepAlive, false);
            return;
        }
        running = true;
        DeviceView.Action action = action(name);
        String who = String.valueOf(ctx.channel().remoteAddress());
        LOG.info("page action {} on pipeline {} asked from {}", name, p.id(), who);
        view.act(p.id(), action).orTimeout(TIMEOUT_S, TimeUnit.SECONDS).whenComplete((r, t) -> ctx.executor().execute(
                () -> {
                    running = false;
                    if (t == null) {
                        LOG.info("page action {} on pipeline {}: {}", name, p.id(), r.ok()
                                ? "done"
                                : r.code() + ": " + r.message());
                        Responses.send(ctx, Responses.json(r.ok() ? HttpResponseStatus.OK : HttpResponseStatus.CONFLICT,
                                answer(r)),
                                keepAlive, false);
                    } else {
                        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                        HttpResponseStatus status = cause instanceof TimeoutException
                                ? HttpResponseStatus.GATEWAY_TIMEOUT
                                : cause instanceof RejectedExecutionException
                                        ? HttpResponseStatus.SERVICE_UNAVAILABLE
                                        : HttpResponseStatus.INTERNAL_SERVER_ERROR;
                        LOG.warn("page action {} on pipeline {} failed: {}", name, p.id(), cause.toString());
                        Responses.send(ctx, Responses.error(status, "the action did not finish: " + cause), keepAlive,
                                false);
                    }
                }));
    }

    private static ObjectNode answer(DeviceView.ActionResult r) {
        ObjectNode doc = Documents.mapper().valueToTree(r);
        return doc;
    }

    /**
     * A browser sends JSON to another origin only after a preflight this server never answers, and
     * names the page it comes from: both must say "this page".
     */
    static Access.Denial sameOrigin(HttpHeaders h) {
        String type = h.get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return new Access.Denial(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "an action is a POST with Content-Type: application/json");
        }
        String origin = h.get(HttpHeaderNames.ORIGIN);
        String host = h.get(HttpHeaderNames.HOST);
        if (origin != null && (host == null || !(origin.equals("http://" + host) || origin.equals("https://"
                + host)))) {
            return new Access.Denial(HttpResponseStatus.FORBIDDEN,
                    "actions are taken from this device's own page only");
        }
        String site = h.get("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return new Access.Denial(HttpResponseStatus.FORBIDDEN,
                    "actions are taken from this device's own page only");
        }
        return null;
    }

    private static DeviceView.Action action(String name) {
        for (DeviceView.Action a : DeviceView.Action.values()) {
            if (a.path().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
