package io.edgeinfer.anomaly;

import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baseline's life: read from its file if it was learned with these settings (else why not, and
 * learning again, resumed from its journal), learning and accepting window by window, the fits on
 * the executor, the file written when one is done, and the threshold that follows from it and the
 * false-alarm budget. The pipeline thread owns it.
 */
final class BaselineKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BaselineKeeper.class);

    private final Path file;
    private final String fingerprint;
    private final LearningPlan plan;
    private final Detector detector;
    private final List<String> features;
    private final int acceptWindows;
    private final double secondsPerWindow;
    private final Executor executor;
    private final Clock clock;
    private Baseline baseline;
    private double threshold = Double.NaN;
    private LearningPhase learning;
    private String relearnReason;
    private String lastError;

    /**
     * @param acceptWindows windows an accept learns (raised to what the detector's fit needs)
     */
    BaselineKeeper(Path file, String fingerprint, LearningPlan plan, Detector detector, List<String> features,
            int acceptWindows, double secondsPerWindow, Executor executor, Clock clock) {
        this.file = file;
        this.fingerprint = fingerprint;
        this.plan = plan;
        this.detector = detector;
        this.features = List.copyOf(features);
        this.acceptWindows = Math.max(acceptWindows, 4 * (detector.recordWidth() + 1));
        this.secondsPerWindow = secondsPerWindow;
        this.executor = executor;
        this.clock = clock;
    }

    /** The baseline from its file if it fits these settings; else learning, resumed where it was. */
    void start() throws IOException {
        Baseline stored = null;
        try {
            stored = BaselineFile.read(file);
        } catch (BaselineFile.Damaged e) {
            relearnReason = "the baseline file " + e.getMessage();
            LOG.warn("anomaly baseline {} {}: learning a new one", file, e.getMessage());
        }
        if (stored != null && (!stored.configHash().equals(fingerprint) || !stored.features().equals(features))) {
            relearnReason = "the settings changed since the baseline was learned (source, window, features or detector)";
            LOG.info("anomaly baseline {}: {}; learning a new one (the file is replaced when it is done)", file,
                    relearnReason);
            stored = null;
        }
        if (stored != null) {
            install(stored);
            Files.deleteIfExists(journal("learning"));
            if (LearningJournal.resumable(journal("accepting"), acceptHeader())) {
                beginAccept();
            } else {
                Files.deleteIfExists(journal("accepting"));
            }
        } else {
            beginLearning();
        }
    }

    private void beginLearning() throws IOException {
        learning = LearningPhase.open("learn", journal("learning"),
                new LearningJournal.Header(fingerprint, "", clock.millis(), detector.recordWidth()),
                plan.targetWindows(), plan.learnS(), secondsPerWindow);
    }

    /**
     * Forgets the baseline and whatever phase runs, and starts learning anew. The baseline file and
     * the journals go first: a restart in the middle must go on learning, not bring the old
     * baseline back.
     *
     * @return false, doing nothing, while a fit runs (its result would land after the relearn;
     *     the caller asks again at a later window)
     */
    boolean relearn(String reason) {
        if (learning != null && learning.fitting()) {
            return false;
        }
        if (learning != null) {
            learning.close();
            learning = null;
        }
        baseline = null;
        threshold = Double.NaN;
        detector.reset();
        relearnReason = reason;
        try {
            Files.deleteIfExists(journal("accepting"));
            Files.deleteIfExists(journal("learning"));
            Files.deleteIfExists(file);
            beginLearning();
            LOG.info("anomaly baseline {}: {}; learning a new one", file, reason);
        } catch (IOException e) {
            lastError = "relearn failed: " + e.getMessage();
            LOG.warn("anomaly relearn: {}", lastError);
        }
        return true;
    }

    private Path journal(String phase) {
        return file.resolveSibling(file.getFileName() + "." + phase);
    }

    private LearningJournal.Header acceptHeader() {
        return new LearningJournal.Header(fingerprint, baseline.id(), clock.millis(), detector.recordWidth());
    }

    Baseline baseline() {
        return baseline;
    }

    double threshold() {
        return threshold;
    }

    /** The running phase ({@code learn} or {@code accept}), or null when there is none. */
    LearningPhase learning() {
        return learning;
    }

    boolean learningAnew() {
        return learning != null && learning.phase().equals("learn");
    }

    String relearnReason() {
        return relearnReason;
    }

    String lastError() {
        return lastError;
    }

    /** Counts a window toward the running phase's elapsed time. */
    void tick(Window w) {
        if (learning != null) {
            learning.tick(w.endEpochMs());
        }
    }

    /** Learns a good window; once the phase has enough, starts its fit. */
    void learn(Window w, WindowFeatures f) throws InferenceException {
        if (learning.fitting()) {
            return;
        }
        learning.add(detector.record(w, f));
        if (learning.complete()) {
            boolean accepting = learning.phase().equals("accept");
            Baseline current = baseline;
            long windows = learning.windows();
            learning.startFit(records -> accepting ? folded(current, records, windows) : learned(records), executor);
        }
    }

    /** Runs on the fit executor. */
    private Baseline learned(double[][] records) {
        Detector.Fitted fit = detector.fit(records);
        long now = clock.millis();
        Baseline b = new Baseline(fingerprint, detector.key(), features, now, now, records.length, 0, 0, fit.mixture(),
                fit.calibration());
        write(b);
        return b;
    }

    /** Runs on the fit executor. */
    private Baseline folded(Baseline current, double[][] records, long windows) {
        Detector.Fitted fit = detector.fold(current, records);
        Baseline b = current.withAccepted(fit.mixture(), fit.calibration(), windows, clock.millis());
        write(b);
        return b;
    }

    private void write(Baseline b) {
        try {
            BaselineFile.write(file, b);
        } catch (IOException e) {
            // The baseline still serves from memory; only a restart would need to learn again.
            LOG.warn("anomaly baseline {} cannot be written: {}", file, e.getMessage());
        }
    }

    /** Installs a finished fit, if there is one; true when a new baseline took over. */
    boolean takeFinishedFit() {
        if (learning == null) {
            return false;
        }
        try {
            Baseline b = learning.finished();
            if (b == null) {
                return false;
            }
            learning.finish();
            String phase = learning.phase();
            learning = null;
            relearnReason = null;
            install(b);
            LOG.info("anomaly {} done: baseline of {} windows, threshold {}", phase, b.learnedWindows() + b
                    .acceptedWindows(),
                    threshold);
            return true;
        } catch (IllegalStateException e) {
            lastError = "fit failed: " + e.getMessage();
            LOG.warn("anomaly {}: fit failed ({}); collecting more windows before the next try", learning.phase(),
                    e.getMessage());
            learning.extend();
            return false;
        }
    }

    private void install(Baseline b) {
        baseline = b;
        threshold = b.tail().threshold(plan.perWindowProbability());
        detector.reset();
        long n = b.learnedWindows() + b.acceptedWindows();
        if (!plan.sufficient(n)) {
            LOG.warn("anomaly baseline rests on {} windows; the false-alarm budget needs {} (docs/anomaly.md)", n,
                    plan.windowsNeeded());
        }
    }

    /** Starts folding the current condition in: the next windows are learned as normal too. */
    void beginAccept() {
        if (baseline == null || learning != null) {
            return;
        }
        try {
            learning = LearningPhase.open("accept", journal("accepting"), acceptHeader(), acceptWindows, 0,
                    secondsPerWindow);
        } catch (IOException e) {
            lastError = "accept failed: " + e.getMessage();
            LOG.warn("anomaly accept cannot start: {}", e.getMessage());
        }
    }

    AnomalyResult.BaselineInfo info() {
        if (baseline == null) {
            return null;
        }
        long n = baseline.learnedWindows() + baseline.acceptedWindows();
        return new AnomalyResult.BaselineInfo(n, plan.windowsNeeded(), plan.sufficient(n), baseline.acceptedWindows(),
                baseline.createdMs());
    }

    @Override
    public void close() {
        if (learning != null) {
            learning.close();
        }
    }
}
