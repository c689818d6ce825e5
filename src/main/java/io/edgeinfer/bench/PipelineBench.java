package io.edgeinfer.bench;

import com.sun.management.OperatingSystemMXBean;
import io.edgeinfer.app.Inputs;
import io.edgeinfer.app.RunningPipeline;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.config.PipelineConfig;
import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.config.PublishConfig;
import io.edgeinfer.config.SimulatedVibrationConfig;
import io.edgeinfer.config.WindowConfig;
import io.edgeinfer.hardware.Pi4jBoard;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.PublishModes;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.PublishingSink;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.mqtt.WireFormat;
import io.edgeinfer.mqtt.paho.PahoPublisher;
import io.edgeinfer.outbox.MemoryOutbox;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.Prediction;
import io.edgeinfer.pipeline.PredictionSink;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The full pipeline as the daemon wires it ({@link RunningPipeline}): simulated source (unpaced) -> windower -> queue
 * (blocking, so nothing is dropped) -> inference thread -> publishing mode ({@code publish.mode}) -> JSON -> outbox ->
 * MQTT sender thread -> QoS 1 to a real broker. The run ends when the broker has acknowledged every
 * message, the last batch included.
 */
public final class PipelineBench {
    private PipelineBench() {
    }

    /**
     * Result: throughput from first sample to last PUBACK; latencies per window.
     *
     * @param messages MQTT messages the broker acknowledged during the run (fewer than windows with
     *     {@code on_change} or {@code batch})
     * @param cpuNanos CPU time of the whole process over the run (every thread: source, inference,
     *     publishing, MQTT client, an embedded broker)
     * @param cpuByRole the same by thread role ({@code inference}, {@code source}, {@code publish},
     *     {@code mqtt client}, {@code broker}, {@code jvm and other}), nanoseconds
     */
    public record Result(LatencyStats service, LatencyStats endToEnd, long messages, long cpuNanos,
            Map<String, Long> cpuByRole) {
        /** Process CPU per window, ms. */
        public double cpuMsPerWindow() {
            return cpuNanos / 1e6 / service.count();
        }

        /** The roles' CPU per window, ms, in {@link #roles} order. */
        public double cpuMsPerWindow(String role) {
            return cpuByRole.getOrDefault(role, 0L) / 1e6 / service.count();
        }

        public static List<String> roles() {
            return List.of(ThreadCpu.ROLES);
        }
    }

    /** Something that runs beside the pipeline during the measured run, such as telemetry. */
    @FunctionalInterface
    public interface Companion {
        /** Starts it on the run's stats and publisher; closed after the last acknowledgement. */
        AutoCloseable start(PipelineStats stats, Publisher publisher) throws Exception;
    }

    public static Result run(ModelRunner model, String brokerUrl, int windows, int size) throws Exception {
        return run(model, brokerUrl, windows, size, PublishConfig.of(Map.of()));
    }

    /** Publishing in {@code publish}'s mode, through an in-memory outbox. */
    public static Result run(ModelRunner model, String brokerUrl, int windows, int size, PublishConfig publish)
            throws Exception {
        return run(model, brokerUrl, windows, size, new MemoryOutbox(Clock.systemUTC(), Long.MAX_VALUE), publish,
                (stats, publisher) -> () -> {
                });
    }

    /** Runs with {@code companion} beside the pipeline, through an in-memory outbox. */
    public static Result run(ModelRunner model, String brokerUrl, int windows, int size, Companion companion)
            throws Exception {
        return run(model, brokerUrl, windows, size, new MemoryOutbox(Clock.systemUTC(), Long.MAX_VALUE),
                PublishConfig.of(Map.of()), companion);
    }

    /** Runs through the given outbox (in memory, or the durable SQLite one), which it closes. */
    public static Result run(ModelRunner model, String brokerUrl, int windows, int size, Outbox outbox,
            PublishConfig publish,
            Companion companion) throws Exception {
        MqttConfig mqtt = MqttConfig.plain(brokerUrl, "bench", "edgeinfer-bench");
        Topics topics = new Topics("bench", "bench");
        Publisher.Message offline = new Publisher.Message(topics.status(), Json.encode(Map.of("state", "offline")),
                false);
        PahoPublisher publisher = new PahoPublisher(mqtt, brokerUrl, outbox, WireFormat.JSON, offline, () -> offline,
                Clock.systemUTC());
        publisher.start();
        long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!publisher.isConnected()) {
            if (System.nanoTime() > connectDeadline) {
                publisher.close(null, 0);
                throw new IllegalStateException("benchmark broker " + brokerUrl + " not reachable");
            }
            Thread.sleep(10);
        }
        long[] service = new long[windows];
        long[] endToEnd = new long[windows];
        AtomicInteger done = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(1);
        ScheduledExecutorService publishing = PublishModes.newPublisherThread();
        PublishingSink mqttSink = PublishModes.sink(publish, outbox, topics.predictions(), "bench",
                PipelineSpec.DEFAULT_ID,
                publishing, Clock.systemUTC());
        SimulatedVibrationConfig sim = new SimulatedVibrationConfig(400, 7,
                List.of(new SimulatedVibrationConfig.ScenarioStep(MachineState.IMBALANCE, 1)), false);
        PredictionSink sink = (Prediction p) -> {
            int i = done.getAndIncrement();
            if (i >= windows) {
                return; // the source runs on until the run is over; what it adds is not measured
            }
            mqttSink.accept(p);
            long now = System.nanoTime();
            endToEnd[i] = now - p.window().readyNanos();
            service[i] = endToEnd[i] - p.queueNanos();
            if (i + 1 == windows) {
                all.countDown();
            }
        };
        // The daemon's own assembly, with a blocking queue so nothing is dropped, and the simulator
        // unpaced (realtime: false) so acquisition runs as fast as the model takes windows.
        Inputs inputs = new Inputs(Pi4jBoard::newContext, Clock.systemUTC());
        RunningPipeline pipeline = RunningPipeline.assemble(PipelineSpec.DEFAULT_ID, new PipelineConfig(16,
                Overflow.BLOCK), model, sink, inputs,
                t -> all.countDown());
        pipeline.startInference();
        AutoCloseable beside = () -> {
        };
        try {
            beside = companion.start(pipeline.stats(), publisher);
            long delivered = publisher.deliveryStats().deliveredTotal();
            long cpu = processCpuNanos();
            ThreadCpu threads = ThreadCpu.now();
            long start = System.nanoTime();
            pipeline.startInput(sim, new WindowConfig(size, size));
            if (!all.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("pipeline did not finish " + windows + " windows");
            }
            // The last batch (or suppressed prediction) goes out now rather than after its linger.
            mqttSink.close();
            while (outbox.stats().depth() > 0) {
                Thread.sleep(1);
            }
            long wall = System.nanoTime() - start;
            return new Result(LatencyStats.of(service, windows, wall), LatencyStats.of(endToEnd, windows, wall),
                    publisher.deliveryStats().deliveredTotal() - delivered, processCpuNanos() - cpu, threads.since());
        } finally {
            beside.close();
            pipeline.close();
            mqttSink.close();
            publishing.shutdown();
            inputs.close();
            publisher.close(null, 1000);
            outbox.close();
        }
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
