package io.edgeinfer.web;

import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.HttpConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device page (docs/web.md): Netty on one event-loop thread, {@code edgeinfer-web}, which
 * reads the daemon through the {@link DeviceView} port and never blocks. Requests are bounded
 * (line, headers, body, time to arrive), connections and live pages are counted, and every live
 * page has a bounded send buffer, so no client can make the page, let alone the inference thread
 * or the publisher, wait.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    static final int MAX_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    static final int MAX_BODY = 4096;
    static final int IDLE_S = 60;
    /** Bytes a live page may have queued before frames are skipped for it. */
    static final WriteBufferWaterMark BUFFER = new WriteBufferWaterMark(32 * 1024, 128 * 1024);
    static final int SOCKET_BUFFER = 64 * 1024;

    private final EventLoopGroup group;
    private final Channel listener;
    private final EventHub hub;
    private final ScheduledFuture<?> ticks;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WebServer(EventLoopGroup group, Channel listener, EventHub hub, ScheduledFuture<?> ticks) {
        this.group = group;
        this.listener = listener;
        this.hub = hub;
        this.ticks = ticks;
    }

    /**
     * Binds and starts serving.
     *
     * @param env where {@code http.auth.*_env} secrets are read
     * @throws ConfigException naming {@code http.port} when the port is taken, {@code http.host} when it
     *     is no address of this machine, or an {@code http.auth} key whose secret cannot be read
     */
    public static WebServer start(HttpConfig config, DeviceView view, Clock clock, Map<String, String> env)
            throws ConfigException {
        Access access = Access.from(config, view.device().deviceId(), env);
        Documents docs = new Documents(view, access, clock, config.maxClients());
        EventHub hub = new EventHub(docs, config.maxClients());
        Routes routes = new Routes(new Assets(), docs, hub, new Actions(view, access), access, clock);
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("edgeinfer-web", true));
        int maxConnections = 2 * config.maxClients() + 16;
        AtomicInteger open = new AtomicInteger();
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 64)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, BUFFER)
                // A fixed kernel buffer per connection: bounded memory on a small board, and a page
                // that stops reading is noticed within seconds, not after megabytes.
                .childOption(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > maxConnections) {
                            open.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ch.pipeline().addLast(new RequestDeadline(), new IdleStateHandler(IDLE_S, 0, 0),
                                new HttpServerCodec(MAX_LINE, MAX_HEADERS, MAX_BODY),
                                new HttpObjectAggregator(MAX_BODY), new PageHandler(routes));
                    }
                });
        Channel listener;
        try {
            listener = b.bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw bindFailure(config, e);
        }
        ScheduledFuture<?> ticks = group.next().scheduleWithFixedDelay(() -> tick(hub, clock), EventHub.TICK_MS,
                EventHub.TICK_MS, TimeUnit.MILLISECONDS);
        return new WebServer(group, listener, hub, ticks);
    }

    private static void tick(EventHub hub, Clock clock) {
        try {
            hub.tick(clock.millis());
        } catch (RuntimeException e) {
            // The next tick tries again; a page that stops updating says so itself.
            LOG.warn("device page update failed: {}", e.toString(), e);
        }
    }

    private static ConfigException bindFailure(HttpConfig c, Exception e) {
        if (e instanceof BindException) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("ssign")) {
                return new ConfigException("http.host", c.host() + " is not an address of this machine (" + why + ")");
            }
            return new ConfigException("http.port", "port " + c.port() + " on " + c.host() + " is in use by another "
                    + "process (" + why + "): stop it or choose another http.port");
        }
        if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
            return new ConfigException("http.host", "unknown host " + c.host());
        }
        return new ConfigException("http.port", "cannot listen on " + c.host() + ":" + c.port() + ": " + e);
    }

    /** The port it listens on (the chosen one when the config said 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops listening, closes every connection, ends the thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ticks.cancel(false);
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.execute(hub::closeAll);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
