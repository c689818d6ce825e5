package io.edgeinfer.bench;

import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.config.OutboxConfig;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.WireFormat;
import io.edgeinfer.mqtt.paho.PahoPublisher;
import io.edgeinfer.outbox.MemoryOutbox;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.outbox.SqliteOutbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Delivery figures: publish throughput with the durable outbox vs in memory only, replay rate of a
 * backlog left by an outage, and bytes the outbox writes to disk per message.
 */
public final class DeliveryBench {
    private final String brokerUrl;
    private final Path dir;

    public DeliveryBench(String brokerUrl, Path dir) {
        this.brokerUrl = brokerUrl;
        this.dir = dir;
    }

    /** A prediction-sized JSON document (about 600 bytes, like the demo's). */
    static byte[] document(long seq) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("boot_id", "8f0c2f5e-2d6b-4a55-9a43-0c1f2d3e4b5a");
        m.put("ts_ms", 1_795_907_435_764L + seq);
        m.put("window_start_ms", 1_795_907_435_127L + seq);
        m.put("model", Map.of("name", "vibration-mlp", "version", "1.0.0",
                "sha256", "d2c0305e4bcdf470771512e1f6f52bcd5c375ca530310ac2452630a05b32d2e7"));
        m.put("label", "misalignment");
        m.put("confidence", 0.9999999990796589);
        m.put("scores", Map.of("normal", 1.5254864907447678E-10, "imbalance", 4.856203846477994E-12,
                "misalignment", 0.9999999990796589, "bearing_fault", 7.629364197612206E-10));
        m.put("latency_ms", Map.of("preprocess", 0.405, "inference", 0.863, "total", 1.469));
        return Json.encode(m);
    }

    public static int documentSize() {
        return document(0).length;
    }

    private OutboxConfig outboxConfig(String name) {
        return new OutboxConfig(true, dir.resolve(name), 10_000_000, 1L << 34, 86_400, 20);
    }

    private PahoPublisher sender(Outbox outbox) throws Exception {
        outbox.start();
        MqttConfig c = MqttConfig.plain(brokerUrl, "bench", "edgeinfer-bench-delivery");
        Publisher.Message off = new Publisher.Message("bench/status", new byte[]{'{', '}'}, false);
        PahoPublisher s = new PahoPublisher(c, brokerUrl, outbox, WireFormat.JSON, off, () -> off, Clock.systemUTC());
        s.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!s.isConnected()) {
            if (System.nanoTime() > deadline) {
                s.close(null, 0);
                throw new IllegalStateException("broker " + brokerUrl + " not reachable");
            }
            Thread.sleep(5);
        }
        return s;
    }

    /** Messages/s from the first append to the last broker acknowledgement. */
    public double publishRate(boolean durable, int n) throws Exception {
        Outbox outbox = durable
                ? SqliteOutbox.open(outboxConfig("publish-" + System.nanoTime() + ".db"), Clock.systemUTC())
                : new MemoryOutbox(Clock.systemUTC(), Long.MAX_VALUE);
        PahoPublisher s = sender(outbox);
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                outbox.append("bench/bench/predictions", document(i));
            }
            outbox.flush();
            while (outbox.stats().depth() > 0) {
                Thread.sleep(1);
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            s.close(null, 1000);
            outbox.close();
        }
    }

    /** Result of a replay run. */
    public record Replay(int messages, double perSecond, double diskBytesPerMessage) {
    }

    /**
     * Fills an outbox as an outage would (nothing sent), reopens it as a restarted daemon does, and
     * measures how fast the backlog drains to the broker. Disk bytes: what the process wrote
     * (/proc/self/io) while filling, per message.
     */
    public Replay replay(int n) throws Exception {
        OutboxConfig cfg = outboxConfig("replay-" + System.nanoTime() + ".db");
        long w0 = writeBytes();
        try (SqliteOutbox fill = SqliteOutbox.open(cfg, Clock.systemUTC())) {
            fill.start();
            for (int i = 0; i < n; i++) {
                fill.append("bench/bench/predictions", document(i));
            }
            fill.flush();
        }
        long written = writeBytes() - w0;
        SqliteOutbox outbox = SqliteOutbox.open(cfg, Clock.systemUTC());
        long t0 = System.nanoTime();
        PahoPublisher s = sender(outbox);
        try {
            while (outbox.stats().depth() > 0) {
                Thread.sleep(1);
            }
            return new Replay(n, n / ((System.nanoTime() - t0) / 1e9), written < 0 ? Double.NaN : (double) written / n);
        } finally {
            s.close(null, 1000);
            outbox.close();
        }
    }

    /** Bytes this process caused to be written to storage, or -1 where /proc cannot tell. */
    static long writeBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring(12).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
