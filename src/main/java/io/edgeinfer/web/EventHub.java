package io.edgeinfer.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * pipeline's document only when it changed, encodes it once and hands the same bytes to every
 * client. A client whose socket does not drain (its bounded buffer is full) skips frames, which
 * loses nothing because every frame is a whole state; one that stays stuck is closed, and its
 * browser reconnects when it can. Nothing here ever waits for a client.
 */
final class EventHub {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    static final long TICK_MS = 250;
    static final long STATUS_MS = 1000;
    static final long PING_MS = 15_000;
    static final long EVICT_MS = 10_000;

    private final Documents docs;
    private final int maxClients;
    private final Map<Channel, Client> clients = new LinkedHashMap<>();
    private final Map<String, JsonNode> lastPipeline = new HashMap<>();
    private JsonNode lastStatus;
    private long lastStatusMs;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();

    /** One live page: since when its buffer is full (0 while it drains) and when it last got a frame. */
    private static final class Client {
        long stuckSinceMs;
        long lastSentMs;
    }

    /** Frames written, frames skipped for full buffers, clients closed for staying full. */
    record Stats(int clients, long sent, long skipped, long evicted) {}

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
        write(ch, c, Unpooled.copiedBuffer("retry: 2000\n\n", StandardCharsets.UTF_8), nowMs);
        ObjectNode status = docs.status(clients.size());
        write(ch, c, frame("status", status), nowMs);
        if (first) {
            // What the only page has seen is what the next tick compares with.
            lastStatus = withoutClock(status);
            lastStatusMs = nowMs;
        }
        for (DeviceView.Pipeline p : docs.pipelinesNow()) {
            ObjectNode doc = docs.pipeline(p);
            write(ch, c, frame("pipeline", doc), nowMs);
            if (first) {
                lastPipeline.put(p.id(), withoutClock(doc));
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
        return new Stats(count.get(), sent.get(), skipped.get(), evicted.get());
    }

    /** One round: changed pipelines now, the status once a second, a ping to quiet streams. */
    void tick(long nowMs) {
        docs.sampleLink();
        if (clients.isEmpty()) {
            lastPipeline.clear();
            lastStatus = null;
            return;
        }
        for (DeviceView.Pipeline p : docs.pipelinesNow()) {
            ObjectNode doc = docs.pipeline(p);
            JsonNode key = withoutClock(doc);
            if (!key.equals(lastPipeline.get(p.id()))) {
                lastPipeline.put(p.id(), key);
                broadcast(frame("pipeline", doc), nowMs);
            }
        }
        if (nowMs - lastStatusMs >= STATUS_MS) {
            ObjectNode doc = docs.status(clients.size());
            JsonNode key = withoutClock(doc);
            if (!key.equals(lastStatus)) {
                lastStatus = key;
                lastStatusMs = nowMs;
                broadcast(frame("status", doc), nowMs);
            }
        }
        ping(nowMs);
    }

    /** A document without the fields that change with the clock alone: what "changed" is judged on. */
    private static JsonNode withoutClock(ObjectNode doc) {
        ObjectNode key = doc.deepCopy();
        key.remove("ts_ms");
        if (key.get("device") instanceof ObjectNode d) {
            d.remove("uptime_s");
        }
        return key;
    }

    private void ping(long nowMs) {
        for (Map.Entry<Channel, Client> e : new ArrayList<>(clients.entrySet())) {
            if (nowMs - e.getValue().lastSentMs >= PING_MS) {
                offer(e.getKey(), e.getValue(), Unpooled.copiedBuffer(": ping\n\n", StandardCharsets.UTF_8), nowMs);
            }
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
            write(ch, c, frame, nowMs);
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

    private void write(Channel ch, Client c, ByteBuf frame, long nowMs) {
        c.lastSentMs = nowMs;
        sent.incrementAndGet();
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
