package io.edgeinfer.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live pages (server-sent events). Runs on the page's one event-loop thread: each tick builds a
 * document once and hands the same bytes to every client. A client whose socket does not drain (its
 * bounded buffer is full) skips frames, which loses nothing because every frame is a whole state;
 * one that stays stuck is closed, and its browser reconnects when it can. Nothing here ever waits
 * for a client.
 */
final class EventHub {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    static final long TICK_MS = 250;
    static final long STATUS_MS = 1000;
    static final long EVICT_MS = 10_000;

    private final Documents docs;
    private final int maxClients;
    private final Map<Channel, Client> clients = new LinkedHashMap<>();
    /** Per pipeline: the prediction count its last document had, and when it went out. */
    private final Map<String, Sent> sent = new HashMap<>();
    private long lastStatusMs;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();

    /** One live page: since when its buffer is full (0 while it drains). */
    private static final class Client {
        long stuckSinceMs;
    }

    private record Sent(long recorded, long atMs) {
    }

    /** Frames written, frames skipped for full buffers, clients closed for staying full. */
    record Stats(int clients, long sent, long skipped, long evicted) {
    }

    EventHub(Documents docs, int maxClients) {
        this.docs = docs;
        this.maxClients = maxClients;
    }

    /** Adds a client whose response headers are out; false when the page has as many as it serves. */
    boolean admit(Channel ch, long nowMs) {
        if (clients.size() >= maxClients) {
            return false;
        }
        boolean first = clients.isEmpty();
        Client c = new Client();
        clients.put(ch, c);
        count.set(clients.size());
        ch.closeFuture().addListener(f -> ch.eventLoop().execute(() -> {
            clients.remove(ch);
            count.set(clients.size());
        }));
        write(ch, Unpooled.copiedBuffer("retry: 2000\n\n", StandardCharsets.UTF_8));
        write(ch, frame("status", docs.status(stats())));
        if (first) {
            lastStatusMs = nowMs; // the only page has it: the next tick need not send it again
        }
        for (DeviceView.Pipeline p : docs.pipelinesNow()) {
            long recorded = p.recorder().recorded();
            write(ch, frame("pipeline", docs.pipeline(p)));
            if (first) {
                sent.put(p.id(), new Sent(recorded, nowMs));
            }
        }
        return true;
    }

    int maxClients() {
        return maxClients;
    }

    int clients() {
        return count.get();
    }

    Stats stats() {
        return new Stats(count.get(), frames.get(), skipped.get(), evicted.get());
    }

    /**
     * One round: a pipeline's document when it has a new prediction (at most every tick) or a
     * second has passed (its health or model may have changed); the status once a second, which
     * also keeps idle connections from looking dead. Each document is built and encoded once.
     */
    void tick(long nowMs) {
        docs.sampleLink();
        if (clients.isEmpty()) {
            return;
        }
        for (DeviceView.Pipeline p : docs.pipelinesNow()) {
            Sent last = sent.get(p.id());
            long recorded = p.recorder().recorded();
            if (last == null || last.recorded() != recorded || nowMs - last.atMs() >= STATUS_MS) {
                sent.put(p.id(), new Sent(recorded, nowMs));
                broadcast(frame("pipeline", docs.pipeline(p)), nowMs);
            }
        }
        if (nowMs - lastStatusMs >= STATUS_MS) {
            lastStatusMs = nowMs;
            broadcast(frame("status", docs.status(stats())), nowMs);
        }
    }

    private void broadcast(ByteBuf frame, long nowMs) {
        try {
            for (Map.Entry<Channel, Client> e : new ArrayList<>(clients.entrySet())) {
                offer(e.getKey(), e.getValue(), frame.retainedDuplicate(), nowMs);
            }
        } finally {
            frame.release();
        }
    }

    /** Writes when the client's buffer has room; otherwise skips, and closes a client stuck too long. */
    private void offer(Channel ch, Client c, ByteBuf frame, long nowMs) {
        if (ch.isWritable()) {
            c.stuckSinceMs = 0;
            write(ch, frame);
            return;
        }
        frame.release();
        skipped.incrementAndGet();
        if (c.stuckSinceMs == 0) {
            c.stuckSinceMs = nowMs;
        } else if (nowMs - c.stuckSinceMs > EVICT_MS) {
            evicted.incrementAndGet();
            LOG.debug("closing live page {}: it has not read for {} ms", ch.remoteAddress(), nowMs - c.stuckSinceMs);
            clients.remove(ch);
            count.set(clients.size());
            ch.close();
        }
    }

    private void write(Channel ch, ByteBuf frame) {
        frames.incrementAndGet();
        ch.writeAndFlush(new DefaultHttpContent(frame)).addListener(f -> {
            if (!f.isSuccess()) {
                ch.close();
            }
        });
    }

    /** {@code event: NAME}, one {@code data:} line of compact JSON, a blank line. */
    static ByteBuf frame(String event, JsonNode doc) {
        byte[] json = Documents.bytes(doc);
        byte[] head = ("event: " + event + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        ByteBuf b = Unpooled.buffer(head.length + json.length + 2);
        b.writeBytes(head).writeBytes(json).writeByte('\n').writeByte('\n');
        return b;
    }

    /** Closes every stream (the server is stopping). */
    void closeAll() {
        List<Channel> all = new ArrayList<>(clients.keySet());
        clients.clear();
        count.set(0);
        all.forEach(Channel::close);
    }
}
