package io.edgeinfer.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request must arrive whole within {@link #SECONDS} of its first byte: a client that trickles
 * its headers would otherwise hold a connection (and its buffers) for as long as it likes.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    static final long SECONDS = 10;

    private ScheduledFuture<?> deadline;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (deadline == null) {
            deadline = ctx.executor().schedule(() -> {
                ctx.close();
            }, SECONDS, TimeUnit.SECONDS);
        }
        super.channelRead(ctx, msg);
    }

    /** Called when the request is complete: the next one gets its own deadline. */
    static void met(ChannelHandlerContext ctx) {
        RequestDeadline d = ctx.pipeline().get(RequestDeadline.class);
        if (d != null && d.deadline != null) {
            d.deadline.cancel(false);
            d.deadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
