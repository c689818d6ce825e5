package io.edgeinfer.config;

import io.edgeinfer.config.SimulatedVibrationConfig.ScenarioStep;
import io.edgeinfer.model.ModelManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads one pipeline's sections ({@code model}, {@code source}, {@code window}, {@code pipeline},
 * {@code publish}, {@code anomaly}) from a mapping: the top level of a single-pipeline file, or one
 * item of its {@code pipelines} list. Errors are recorded on the section, as everywhere.
 */
final class PipelineSpecReader {
    /** The sections of one pipeline: refused at the top level of a file that lists pipelines. */
    static final List<String> KEYS = List.of("model", "source", "window", "pipeline", "publish", "capture", "anomaly");

    private final SourceConfigReader sources;
    private final ModelConfigReader models;
    private final CaptureConfigReader captures;
    private final AnomalyConfigReader anomalies;

    PipelineSpecReader(SourceConfigReader sources, ModelConfigReader models, CaptureConfigReader captures,
            AnomalyConfigReader anomalies) {
        this.sources = sources;
        this.models = models;
        this.captures = captures;
        this.anomalies = anomalies;
    }

    /**
     * The pipeline {@code id} from {@code s}; null when an error was recorded. {@code model} may be
     * left out when {@code anomaly.enabled} is true: a pipeline that only detects anomalies.
     */
    PipelineSpec read(String id, Section s) {
        SourceConfig source = source(s.section("source"));
        AnomalyConfig anomaly = anomaly(s, source);
        boolean classifier = s.has("model") || !anomaly.enabled();
        Section modelSection = s.section("model");
        if (!s.has("model") && classifier) {
            s.error("model", "is required: the classifier (model.path), or anomaly.enabled: true for a pipeline"
                    + " that only detects anomalies");
        }
        Path modelFile = s.has("model") ? models.path(modelSection) : null;
        ModelManifest manifest = ModelConfigReader.manifest(modelSection, modelFile);
        ModelConfig model = s.has("model") ? models.read(modelSection, modelFile, manifest) : null;
        WindowConfig window = window(s.section("window"), manifest);
        ModelConfigReader.checkManifestInput(modelSection, manifest, source);
        PipelineConfig queue = queue(s.section("pipeline"));
        PublishConfig publish = publish(s.section("publish"));
        CaptureConfig capture = captures.read(s.section("capture"), classifier);
        if ((classifier && model == null) || source == null) {
            return null;
        }
        return new PipelineSpec(id, model, source, window, queue, publish, capture, anomaly);
    }

    /**
     * The {@code anomaly} section: its keys in Hz default from the sample rate (NaN skips those
     * checks when the source is broken); {@link AnomalyConfigReader#OFF} when there is none.
     */
    private AnomalyConfig anomaly(Section s, SourceConfig source) {
        Section a = s.section("anomaly");
        if (!s.has("anomaly")) {
            return AnomalyConfigReader.OFF;
        }
        AnomalyConfig c = anomalies.read(a, source == null ? Double.NaN : source.rateHz());
        if (c.enabled() && (source instanceof CameraConfig || source instanceof ImageDirConfig)) {
            a.error("enabled", "anomaly detection watches sample streams (vibration, ADC, csv-replay), not the "
                    + "images of a " + (source instanceof CameraConfig ? CameraConfig.TYPE : ImageDirConfig.TYPE)
                    + " source");
        }
        return c;
    }

    private SourceConfig source(Section s) {
        String type = s.string("type", SimulatedVibrationConfig.TYPE);
        SourceConfig result;
        if (SimulatedVibrationConfig.TYPE.equals(type)) {
            result = simulatedVibration(s);
        } else if (SourceConfigReader.TYPES.contains(type)) {
            result = sources.read(type, s);
        } else {
            s.error("type", "unknown source type '" + type + "'; known: [" + SimulatedVibrationConfig.TYPE + ", "
                    + String.join(", ", SourceConfigReader.TYPES) + "]");
            result = null;
        }
        s.rejectUnknown();
        return result;
    }

    private SimulatedVibrationConfig simulatedVibration(Section s) {
        double rate = s.number("rate_hz", 400, 1, 100_000);
        long seed = s.longValue("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        boolean realtime = s.bool("realtime", true);
        List<ScenarioStep> steps = ScenarioReader.read(s, "scenario");
        SensorMount mount = s.choice("mount", SensorMount.TOP, SensorMount.BY_KEY);
        // With realtime: false samples come as fast as they are taken, whatever the speed.
        double speed = s.number("speed", 1, 0.01, 1000);
        return new SimulatedVibrationConfig(rate, seed, steps, realtime, sources.trigger(s), mount, speed);
    }

    private static WindowConfig window(Section s, ModelManifest manifest) {
        List<Long> shape = manifest == null ? List.of() : manifest.inputShape();
        int defaultSize = shape.size() == 3 && shape.get(2) >= 8 && shape.get(2) <= 1 << 20
                ? shape.get(2).intValue()
                : 256;
        int size = s.integer("size", defaultSize, 8, 1 << 20);
        // A window below 256 taken from a manifest gets half of it as hop, so the default of 128
        // never exceeds it; an explicit window.size keeps the plain default.
        boolean sizeFromManifest = !s.has("size") && defaultSize != 256;
        int hop = s.integer("hop", sizeFromManifest && size < 256 ? Math.max(1, size / 2) : 128, 1, 1 << 20);
        if (hop > size) {
            s.error("hop", "must not exceed window.size (" + size + "), got " + hop + " (samples would be skipped)");
        }
        s.rejectUnknown();
        return new WindowConfig(size, hop);
    }

    private static PipelineConfig queue(Section s) {
        int capacity = s.integer("queue_capacity", 16, 1, 100_000);
        PipelineConfig.Overflow overflow = s.choice("overflow", PipelineConfig.Overflow.DROP_OLDEST,
                Map.of("drop-oldest", PipelineConfig.Overflow.DROP_OLDEST, "block", PipelineConfig.Overflow.BLOCK));
        s.rejectUnknown();
        return new PipelineConfig(capacity, overflow);
    }

    /** The {@code publish} section; also {@link PublishConfig#of}'s reader. */
    static PublishConfig publish(Section s) {
        PublishConfig.Mode mode = s.choice("mode", PublishConfig.Mode.EVERY, Map.of("every", PublishConfig.Mode.EVERY,
                "on_change", PublishConfig.Mode.ON_CHANGE, "batch", PublishConfig.Mode.BATCH));
        double deadband = s.number("deadband", 0.1, 0, 1);
        double heartbeat = s.number("heartbeat_s", 60, 0.1, 86_400);
        int maxBatch = s.integer("max_batch", 50, 1, 10_000);
        long linger = s.longValue("linger_ms", 1000, 1, 3_600_000);
        s.rejectUnknown();
        return new PublishConfig(mode, deadband, heartbeat, maxBatch, linger);
    }
}
