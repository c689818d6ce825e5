package io.edgeinfer.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: refuses what the decoder could not read, hands complete requests to the
 * {@link Routes}, and closes a connection that stays idle (event streams excepted: they only send).
 */
final class PageHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(PageHandler.class);

    private final Routes routes;
    private boolean streaming;

    PageHandler(Routes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        RequestDeadline.met(ctx);
        if (streaming) {
            return; // an event stream's client has nothing more to say
        }
        if (req.decoderResult().isFailure()) {
            Responses.send(ctx, Responses.error(status(req.decoderResult().cause()), "malformed request"), false,
                    false);
            return;
        }
        String path = path(req.uri());
        if (path == null) {
            Responses.send(ctx, Responses.error(HttpResponseStatus.BAD_REQUEST, "malformed request target"), false,
                    false);
            return;
        }
        streaming = routes.handle(ctx, req, path);
    }

    /** The path without its query, or null for a target that is not an absolute path of plain characters. */
    static String path(String uri) {
        if (uri.isEmpty() || uri.charAt(0) != '/') {
            return null;
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return null;
            }
        }
        return new QueryStringDecoder(uri).rawPath();
    }

    private static HttpResponseStatus status(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (cause instanceof TooLongFrameException) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && !streaming) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("page connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
