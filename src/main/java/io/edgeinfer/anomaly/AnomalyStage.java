package io.edgeinfer.anomaly;

import io.edgeinfer.anomaly.AnomalyResult.Contributor;
import io.edgeinfer.anomaly.AnomalyResult.State;
import io.edgeinfer.config.AnomalyConfig;
import io.edgeinfer.model.DjlModelRunner;
import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ManifestException;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.ModelManifest;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.model.Window;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Anomaly detection and vibration severity for one sample stream: the pipeline hands it every
 * window ({@link #score}) on its own thread and publishes the {@link AnomalyResult}. It learns a
 * baseline from the machine's own normal running first (never alarming meanwhile), keeps it in a
 * file across restarts, then scores each window, raises an alarm when enough of the recent ones
 * score above a threshold set from the false-alarm budget, and clears it with hysteresis. Windows
 * with sensor faults are reported as such and never learned. docs/anomaly.md has the whole story.
 *
 * <p>Threads: {@link #score} on one pipeline thread; {@link #accept} and {@link #status} from any;
 * fits run on the executor given at creation (seconds, once per learning or accept).
 */
public final class AnomalyStage implements AutoCloseable {
    private static final int CONTRIBUTORS = 3;
    /** A speed or load this many standard deviations from every learned mode is a condition learning never saw. */
    static final double NOVEL_CONDITION_Z = 4;
    private static final long SEED = 20_816;

    private final FeatureExtractor extractor;
    private final SensorFaults faults;
    private final VelocitySeverity severity;
    private final Detector detector;
    private final BaselineKeeper keeper;
    private final AlarmState alarm;
    private final AtomicBoolean acceptRequested = new AtomicBoolean();
    private final AtomicBoolean relearnRequested = new AtomicBoolean();
    private volatile AnomalyStatus status;

    /**
     * Opens the stage: loads the baseline at {@code baselineFile} if it was learned with these
     * settings, else resumes or starts learning (its journal sits beside it).
     *
     * @param autoencoder the loaded autoencoder for {@code detector: autoencoder} (the stage closes
     *     it; {@link #loadAutoencoder}), else null
     * @param fits where fits run (a single background thread; tests pass a direct executor)
     */
    public static AnomalyStage open(AnomalyConfig config, StreamShape shape, Path baselineFile, ModelRunner autoencoder,
            Executor fits, Clock clock) throws IOException {
        return new AnomalyStage(config, shape, baselineFile, autoencoder, fits, clock);
    }

    private AnomalyStage(AnomalyConfig config, StreamShape shape, Path file, ModelRunner autoencoder, Executor executor,
            Clock clock) throws IOException {
        this.extractor = new FeatureExtractor(config, shape.channels().names(), shape.size(), shape.rateHz(),
                config.loadInput());
        this.faults = new SensorFaults(shape.rateHz());
        VelocitySeverity v = config.severity() == null
                ? null
                : new VelocitySeverity(config.severity(),
                        shape.channels().names(), shape.channels().toMetresPerS2(), shape.rateHz(), shape.size(),
                        shape.size() / 2 + 1);
        this.severity = v != null && v.applies() ? v : null;
        this.detector = detector(config, extractor.names().size(), autoencoder);
        this.alarm = new AlarmState(config.persistence().k(), config.persistence().n(), config.clearAfter());
        this.keeper = detector == null
                ? null
                : new BaselineKeeper(file,
                        ConfigFingerprint.of(config, shape, autoencoder == null ? null : autoencoder.info().sha256()),
                        LearningPlan.of(config, shape.rateHz(), shape.size(), shape.hop()), detector, extractor.names(),
                        config.acceptWindows(), shape.hop() / shape.rateHz(), executor, clock);
        if (keeper != null) {
            keeper.start();
        }
        publishStatus();
    }

    private static Detector detector(AnomalyConfig c, int features, ModelRunner autoencoder) {
        return switch (c.detector()) {
            case STATS -> new StatsDetector(features, c.maxComponents(), c.smoothing(), SEED);
            case AUTOENCODER -> {
                if (autoencoder == null) {
                    throw new IllegalArgumentException("detector: autoencoder needs the loaded model");
                }
                yield new AutoencoderDetector(autoencoder, c.smoothing());
            }
            case NONE -> null;
        };
    }

    /**
     * Loads an autoencoder made by {@code edgecompress.autoencoder} for windows of this stream: its
     * manifest's labels name its outputs ({@code reconstruction_error}).
     *
     * @throws ModelLoadException naming {@code anomaly.model}
     */
    public static ModelRunner loadAutoencoder(Path model, StreamShape shape) throws ModelLoadException {
        List<String> labels = List.of("reconstruction_error");
        try {
            labels = ModelManifest.besides(model).map(ModelManifest::labels).orElse(labels);
            String name = model.getFileName().toString().replaceFirst("\\.pt$", "");
            return DjlModelRunner.load(model, name, "unversioned", labels, shape.channels().names().size(), shape
                    .size());
        } catch (ManifestException e) {
            throw new ModelLoadException("anomaly.model", ModelLoadException.Reason.NOT_A_MODEL, e.getMessage(), e);
        } catch (ModelLoadException e) {
            throw new ModelLoadException("anomaly.model", e.reason(), e.getMessage(), e);
        }
    }

    /** {@link #score(Window, Condition)} with nothing known about the operating condition. */
    public AnomalyResult score(Window w) throws InferenceException {
        return score(w, Condition.UNKNOWN);
    }

    /**
     * Scores one window (learning from it while learning). Call on the pipeline thread, after or
     * instead of the classifier: the stage costs microseconds with {@code stats} (docs/BENCHMARKS.md),
     * one model inference more with the autoencoder.
     *
     * @param condition what the pipeline knows of the operating condition (a speed or load input)
     * @throws InferenceException when the autoencoder fails on the window (count it like a failed prediction)
     */
    public AnomalyResult score(Window w, Condition condition) throws InferenceException {
        if (keeper != null) {
            if (keeper.takeFinishedFit()) {
                alarm.reset();
            }
            if (relearnRequested.get() && keeper.relearn("an operator asked for it (relearn)")) {
                relearnRequested.set(false);
                acceptRequested.set(false);
                alarm.reset();
            }
            if (acceptRequested.getAndSet(false)) {
                keeper.beginAccept();
                alarm.reset();
            }
        }
        Set<SignalFlag> flags = faults.check(w);
        AnomalyResult r;
        if (!flags.isEmpty()) {
            if (keeper != null) {
                keeper.tick(w);
                detector.reset();
            }
            r = result(w, State.SENSOR_FAULT, null, false, flags, null, null, List.of(), false);
        } else {
            WindowFeatures f = extractor.extract(w, condition);
            Severity s = severity == null ? null : severity.of(f.power());
            r = keeper == null
                    ? result(w, State.UNSCORED, null, false, flags, s, f.shaftHz(), List.of(), false)
                    : scored(w, f, s);
        }
        publishStatus();
        return r;
    }

    private AnomalyResult scored(Window w, WindowFeatures f, Severity s) throws InferenceException {
        keeper.tick(w);
        if (keeper.learningAnew()) {
            keeper.learn(w, f);
            return result(w, State.LEARNING, null, false, Set.of(), s, f.shaftHz(), List.of(), false);
        }
        Baseline b = keeper.baseline();
        double score = detector.score(b, w, f);
        boolean above = score > keeper.threshold();
        if (keeper.learning() != null) {
            keeper.learn(w, f);
            return result(w, State.LEARNING, score, above, Set.of(), s, f.shaftHz(), List.of(), false);
        }
        boolean on = alarm.update(above);
        List<Contributor> why = List.of();
        boolean novel = false;
        if (above && b.mixture() != null) {
            List<Contributor> named = new ArrayList<>();
            b.mixture().contributors(f.vector(), CONTRIBUTORS)
                    .forEach(c -> named.add(new Contributor(extractor.names().get(c.feature()), c.z())));
            why = named;
            novel = b.mixture().conditionDistance(f.vector(), extractor.conditionIndices()) > NOVEL_CONDITION_Z;
        }
        return result(w, on ? State.ANOMALY : State.NORMAL, score, above, Set.of(), s, f.shaftHz(), why, novel);
    }

    /**
     * Folds the current operating condition into the baseline: the next {@code accept_windows} good
     * windows are learned as normal (no alarm meanwhile), then the model and threshold are refitted.
     * Any thread; takes effect at the next window.
     *
     * @return false (and nothing happens) when there is no baseline yet, a phase is running, or no detector
     */
    public boolean accept() {
        AnomalyStatus s = status;
        if (keeper == null || s.baseline() == null || s.learning() != null) {
            return false;
        }
        acceptRequested.set(true);
        return true;
    }

    /**
     * Forgets the baseline and learns a new one from the next good windows (the machine was
     * repaired, moved, or learning saw a fault). Any thread; takes effect at the next window, or
     * once a running fit is done. The baseline file and journals are removed then, so a restart
     * goes on learning.
     *
     * @return false (and nothing happens) with {@code detector: none}
     */
    public boolean relearn() {
        if (keeper == null) {
            return false;
        }
        relearnRequested.set(true);
        return true;
    }

    /** The stage at a glance; any thread. */
    public AnomalyStatus status() {
        return status;
    }

    private void publishStatus() {
        if (keeper == null) {
            status = new AnomalyStatus("none", "off", null, null, null, false, null, null);
            return;
        }
        LearningPhase phase = keeper.learning();
        String name = phase == null ? "ready" : keeper.learningAnew() ? "learning" : "accepting";
        status = new AnomalyStatus(detector.key(), name, phase == null ? null : phase.progress(), keeper.info(),
                Double.isNaN(keeper.threshold()) ? null : keeper.threshold(), alarm.alarm(), keeper.relearnReason(),
                keeper.lastError());
    }

    private AnomalyResult result(Window w, State state, Double score, boolean above, Set<SignalFlag> flags, Severity s,
            Double shaftHz, List<Contributor> why, boolean novel) {
        Double threshold = keeper == null || Double.isNaN(keeper.threshold()) ? null : keeper.threshold();
        LearningPhase phase = keeper == null ? null : keeper.learning();
        return new AnomalyResult(w.index(), state, score, threshold, above, state == State.ANOMALY, flags, s, shaftHz,
                why,
                novel, phase == null ? null : phase.progress(), keeper == null ? null : keeper.info());
    }

    /** Names of the feature vector, in order (docs, debugging). */
    public List<String> featureNames() {
        return extractor.names();
    }

    @Override
    public void close() {
        if (keeper != null) {
            keeper.close();
        }
        if (detector != null) {
            detector.close();
        }
    }
}
