package io.edgeinfer.bench;

import io.edgeinfer.config.MqttConfig;
import io.edgeinfer.config.PipelineConfig.Overflow;
import io.edgeinfer.app.Inputs;
import io.edgeinfer.app.RunningPipeline;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.config.PipelineConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.config.SimulatedVibrationConfig;
import io.edgeinfer.config.WindowConfig;
import io.edgeinfer.hardware.Pi4jBoard;
import io.edgeinfer.pipeline.PredictionSink;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.WireFormat;
import io.edgeinfer.mqtt.paho.PahoPublisher;
import io.edgeinfer.outbox.MemoryOutbox;
import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.mqtt.PredictionPublisher;
import io.edgeinfer.mqtt.Publisher;
import io.edgeinfer.mqtt.Topics;
import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.pipeline.Prediction;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The full pipeline as the daemon wires it ({@link RunningPipeline}): simulated source (unpaced) -> windower -> queue
 * (blocking, so nothing is dropped) -> inference thread -> JSON -> outbox -> MQTT sender thread ->
 * QoS 1 to a real broker. The run ends when the broker has acknowledged every prediction.
 */
public final class PipelineBench {
    private PipelineBench() {}

    /** Result: throughput from first sample to last PUBACK; latencies per window. */
    public record Result(LatencyStats service, LatencyStats endToEnd) {}

    /** Something that runs beside the pipeline during the measured run, such as telemetry. */
    @FunctionalInterface
    public interface Companion {
        /** Starts it on the run's stats and publisher; closed after the last acknowledgement. */
        AutoCloseable start(PipelineStats stats, Publisher publisher) throws Exception;
    }

    public static Result run(ModelRunner model, String brokerUrl, int windows, int size) throws Exception {
        return run(model, brokerUrl, windows, size, (stats, publisher) -> () -> { });
    }

    /** Runs with {@code companion} beside the pipeline, through an in-memory outbox. */
    public static Result run(ModelRunner model, String brokerUrl, int windows, int size, Companion companion) throws Exception {
        return run(model, brokerUrl, windows, size, new MemoryOutbox(Clock.systemUTC(), Long.MAX_VALUE), companion);
    }

    /** Runs through the given outbox (in memory, or the durable SQLite one), which it closes. */
    public static Result run(ModelRunner model, String brokerUrl, int windows, int size, Outbox outbox, Companion companion)
            throws Exception {
        MqttConfig mqtt = MqttConfig.plain(brokerUrl, "bench", "edgeinfer-bench");
        Topics topics = new Topics("bench", "bench");
        Publisher.Message offline = new Publisher.Message(topics.status(), Json.encode(java.util.Map.of("state", "offline")), false);
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
        PredictionPublisher mqttSink = new PredictionPublisher(outbox, topics, "bench");
        SimulatedVibrationConfig sim = new SimulatedVibrationConfig(400, 7,
                List.of(new SimulatedVibrationConfig.ScenarioStep(MachineState.IMBALANCE, 1)), false);
        PredictionSink sink = (Prediction p) -> {
            mqttSink.accept(p);
            long now = System.nanoTime();
            int i = done.getAndIncrement();
            if (i < windows) {
                endToEnd[i] = now - p.window().readyNanos();
                service[i] = endToEnd[i] - p.queueNanos();
            }
            if (i + 1 == windows) {
                all.countDown();
            }
        };
        // The daemon's own assembly, with a blocking queue so nothing is dropped, and the simulator
        // unpaced (realtime: false) so acquisition runs as fast as the model takes windows.
        Inputs inputs = new Inputs(Pi4jBoard::newContext, Clock.systemUTC());
        RunningPipeline pipeline = RunningPipeline.assemble(PipelineSpec.DEFAULT_ID, new PipelineConfig(16, Overflow.BLOCK), model, sink, inputs,
                t -> all.countDown());
        pipeline.startInference();
        AutoCloseable beside = () -> { };
        try {
            beside = companion.start(pipeline.stats(), publisher);
            long start = System.nanoTime();
            pipeline.startInput(sim, new WindowConfig(size, size));
            if (!all.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("pipeline did not finish " + windows + " windows");
            }
            while (outbox.stats().depth() > 0) {
                Thread.sleep(1);
            }
            long wall = System.nanoTime() - start;
            return new Result(LatencyStats.of(service, windows, wall), LatencyStats.of(endToEnd, windows, wall));
        } finally {
            beside.close();
            pipeline.close();
            inputs.close();
            publisher.close(null, 1000);
            outbox.close();
        }
    }
}
