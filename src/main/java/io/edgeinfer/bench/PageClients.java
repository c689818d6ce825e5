package io.edgeinfer.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live device pages as the bench sees them: each one the event stream a browser opens, read by one
 * selector thread that discards the bytes (a browser parses them on its own machine, not on the
 * device). Pages that stall keep the stream open and never read, like a laptop gone to sleep.
 */
public final class PageClients implements AutoCloseable {
    private final Selector selector;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final AtomicLong bytes = new AtomicLong();
    private final Thread reader;
    private volatile boolean running = true;

    /**
     * @param reading pages that read everything they get
     * @param stalled pages that never read
     */
    public PageClients(int port, int reading, int stalled) throws IOException {
        selector = Selector.open();
        byte[] request = ("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < reading + stalled; i++) {
            SocketChannel ch = SocketChannel.open();
            if (i >= reading) {
                // A small window, as a phone on a bad link has: the server's buffers fill in seconds.
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            }
            ch.connect(new InetSocketAddress("127.0.0.1", port));
            ch.write(ByteBuffer.wrap(request));
            channels.add(ch);
            if (i < reading) {
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
            }
        }
        reader = new Thread(this::read, "bench-page-clients");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (running) {
                selector.select(200);
                for (SelectionKey k : selector.selectedKeys()) {
                    buf.clear();
                    int n = ((SocketChannel) k.channel()).read(buf);
                    if (n < 0) {
                        k.cancel();
                    } else {
                        bytes.addAndGet(n);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (running) {
                throw new IllegalStateException("page client failed", e);
            }
        }
    }

    /** Bytes the reading pages received so far. */
    public long bytes() {
        return bytes.get();
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel ch : channels) {
            ch.close();
        }
        selector.close();
    }
}
