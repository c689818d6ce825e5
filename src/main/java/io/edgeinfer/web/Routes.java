package io.edgeinfer.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The page's URLs (docs/web.md, "JSON API"): the page and its files, the JSON documents, the event
 * stream, a camera pipeline's last frame, and the actions. Shared by every connection and run on
 * the page's one event-loop thread, so its state needs no locks.
 */
final class Routes {
    static final String PIPELINES = "/api/pipelines/";

    private final Assets assets;
    private final Documents docs;
    private final EventHub hub;
    private final Actions actions;
    private final Access access;
    private final Clock clock;
    private final Map<String, Frame> frames = new HashMap<>();

    /** A camera pipeline's last frame as PNG, kept until the next one. */
    private record Frame(long seq, byte[] png) {
    }

    Routes(Assets assets, Documents docs, EventHub hub, Actions actions, Access access, Clock clock) {
        this.assets = assets;
        this.docs = docs;
        this.hub = hub;
        this.actions = actions;
        this.access = access;
        this.clock = clock;
    }

    /**
     * Answers one request.
     *
     * @return true when the connection became an event stream (it then carries nothing else)
     */
    boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        Access.Denial denied = access.read(req.headers());
        if (denied != null) {
            FullHttpResponse r = Responses.error(denied.status(), denied.message());
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, access.challenge());
            Responses.send(ctx, r, keepAlive, false);
            return false;
        }
        Assets.Asset asset = assets.get(path);
        if (asset != null) {
            if (readable(ctx, req, keepAlive)) {
                asset(ctx, req, asset, keepAlive);
            }
            return false;
        }
        switch (path) {
            case "/api/status" -> {
                if (readable(ctx, req, keepAlive)) {
                    send(ctx, req, Responses.json(HttpResponseStatus.OK, docs.status(hub.stats())), keepAlive);
                }
            }
            case "/api/pipelines" -> {
                if (readable(ctx, req, keepAlive)) {
                    send(ctx, req, Responses.json(HttpResponseStatus.OK, docs.pipelines()), keepAlive);
                }
            }
            case "/api/events" -> {
                if (req.method().equals(HttpMethod.HEAD)) {
                    send(ctx, req, Responses.of(HttpResponseStatus.OK, "text/event-stream; charset=utf-8", new byte[0]),
                            keepAlive);
                    return false;
                }
                return readable(ctx, req, keepAlive) && events(ctx);
            }
            default -> {
                if (path.startsWith(PIPELINES)) {
                    pipeline(ctx, req, path.substring(PIPELINES.length()).split("/", -1), keepAlive);
                } else {
                    notFound(ctx, path, keepAlive);
                }
            }
        }
        return false;
    }

    /** {@code {id}}, {@code {id}/frame.png} or {@code {id}/actions/{action}}. */
    private void pipeline(ChannelHandlerContext ctx, FullHttpRequest req, String[] parts, boolean keepAlive) {
        DeviceView.Pipeline p = docs.find(parts[0]);
        String path = PIPELINES + String.join("/", parts);
        if (p == null || parts.length > 3) {
            notFound(ctx, path, keepAlive);
        } else if (parts.length == 1) {
            if (readable(ctx, req, keepAlive)) {
                send(ctx, req, Responses.json(HttpResponseStatus.OK, docs.pipeline(p)), keepAlive);
            }
        } else if (parts.length == 2 && parts[1].equals("frame.png")) {
            if (readable(ctx, req, keepAlive)) {
                frame(ctx, req, p, keepAlive);
            }
        } else if (parts.length == 3 && parts[1].equals("actions") && actions.known(parts[2])) {
            if (!req.method().equals(HttpMethod.POST)) {
                notAllowed(ctx, "POST", keepAlive);
            } else {
                actions.run(ctx, req, p, parts[2], keepAlive);
            }
        } else {
            notFound(ctx, path, keepAlive);
        }
    }

    private void asset(ChannelHandlerContext ctx, FullHttpRequest req, Assets.Asset a, boolean keepAlive) {
        FullHttpResponse r;
        if (a.etag().equals(req.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            r = Responses.of(HttpResponseStatus.NOT_MODIFIED, a.contentType(), new byte[0]);
            r.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        } else {
            r = Responses.of(HttpResponseStatus.OK, a.contentType(), a.body());
        }
        // Revalidated on every load: an upgraded daemon serves its new page at once.
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        r.headers().set(HttpHeaderNames.ETAG, a.etag());
        send(ctx, req, r, keepAlive);
    }

    private void frame(ChannelHandlerContext ctx, FullHttpRequest req, DeviceView.Pipeline p, boolean keepAlive) {
        Observation o = p.recorder().snapshot().latest();
        if (o == null || !Signals.isImage(o.dims())) {
            notFound(ctx, PIPELINES + p.id() + "/frame.png", keepAlive);
            return;
        }
        Frame f = frames.get(p.id());
        if (f == null || f.seq() != o.seq()) {
            f = new Frame(o.seq(), Signals.png(o, p.input()));
            frames.put(p.id(), f);
        }
        FullHttpResponse r = Responses.of(HttpResponseStatus.OK, "image/png", f.png());
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        send(ctx, req, r, keepAlive);
    }

    /** The event stream's headers, then the hub writes to it; 503 when the page serves as many as it may. */
    private boolean events(ChannelHandlerContext ctx) {
        if (hub.clients() >= hub.maxClients()) {
            FullHttpResponse r = Responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "this device serves "
                    + hub.maxClients() + " live pages at once (http.max_clients); try again later");
            r.headers().set(HttpHeaderNames.RETRY_AFTER, "10");
            Responses.send(ctx, r, false, false);
            return false;
        }
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        Responses.secure(r.headers());
        ctx.writeAndFlush(r);
        return hub.admit(ctx.channel(), clock.millis());
    }

    /** GET or HEAD; anything else is answered 405 here. */
    private static boolean readable(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
        HttpMethod m = req.method();
        if (m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD)) {
            return true;
        }
        notAllowed(ctx, "GET, HEAD", keepAlive);
        return false;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse r, boolean keepAlive) {
        Responses.send(ctx, r, keepAlive, req.method().equals(HttpMethod.HEAD));
    }

    static void notAllowed(ChannelHandlerContext ctx, String allow, boolean keepAlive) {
        FullHttpResponse r = Responses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed here; allowed: "
                + allow);
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        Responses.send(ctx, r, keepAlive, false);
    }

    static void notFound(ChannelHandlerContext ctx, String path, boolean keepAlive) {
        String shown = path.length() > 80 ? path.substring(0, 80) + "..." : path;
        Responses.send(ctx, Responses.error(HttpResponseStatus.NOT_FOUND, "no such page: " + shown), keepAlive, false);
    }
}
