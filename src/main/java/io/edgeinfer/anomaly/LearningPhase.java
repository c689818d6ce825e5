package io.edgeinfer.anomaly;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stretch of learning, a new baseline ({@code learn}) or an operator's accept ({@code accept}):
 * its journal, how far it is, and the fit that runs off the pipeline thread once it has enough.
 * The pipeline thread owns it.
 */
final class LearningPhase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LearningPhase.class);

    private final String phase;
    private final LearningJournal journal;
    private long targetWindows;
    private final double targetS;
    private final double secondsPerWindow;
    private long seen;
    private double elapsedS;
    private boolean writeFailed;
    private CompletableFuture<Baseline> fit;

    private LearningPhase(String phase, LearningJournal journal, long targetWindows, double targetS,
            double secondsPerWindow) {
        this.phase = phase;
        this.journal = journal;
        this.targetWindows = targetWindows;
        this.targetS = targetS;
        this.secondsPerWindow = secondsPerWindow;
    }

    /**
     * Opens (or resumes) the journal at {@code file}.
     *
     * @param secondsPerWindow hop over rate: elapsed time for windows without timestamps
     */
    static LearningPhase open(String phase, Path file, LearningJournal.Header header, long targetWindows,
            double targetS,
            double secondsPerWindow) throws IOException {
        boolean[] resumed = new boolean[1];
        LearningJournal journal = LearningJournal.open(file, header, resumed);
        if (resumed[0]) {
            LOG.info("anomaly {}: resuming with the {} windows {} already holds", phase, journal.size(), file);
        }
        return new LearningPhase(phase, journal, targetWindows, targetS, secondsPerWindow);
    }

    String phase() {
        return phase;
    }

    long windows() {
        return journal.size();
    }

    boolean fitting() {
        return fit != null;
    }

    /** Counts a window (good or not) for the elapsed time; {@code windowEndMs} 0 when it has no timestamp. */
    void tick(long windowEndMs) {
        seen++;
        elapsedS = windowEndMs > 0
                ? Math.max(0, (windowEndMs - journal.startedMs()) / 1000.0)
                : seen * secondsPerWindow;
    }

    /** Adds a good window's record. A failed write is logged once; the record is still learned. */
    void add(double[] record) {
        try {
            journal.append(record);
        } catch (IOException e) {
            if (!writeFailed) {
                LOG.warn("anomaly {}: cannot write the learning journal ({}); learning goes on in memory, a restart"
                        + " would start it over", phase, e.getMessage());
                writeFailed = true;
            }
        }
    }

    boolean complete() {
        return journal.size() >= targetWindows && elapsedS >= targetS;
    }

    /** Starts {@code job} on the collected records, once. */
    void startFit(Function<double[][], Baseline> job, Executor executor) {
        if (fit == null) {
            double[][] records = journal.records();
            fit = CompletableFuture.supplyAsync(() -> job.apply(records), executor);
        }
    }

    /**
     * The fitted baseline once the fit is done, else null.
     *
     * @throws IllegalStateException with the cause's message when the fit failed (the fit is then
     *     forgotten: the next window may start another)
     */
    Baseline finished() {
        if (fit == null || !fit.isDone()) {
            return null;
        }
        try {
            return fit.join();
        } catch (CompletionException | CancellationException e) {
            fit = null;
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }

    /** After a failed fit: wait for half as many windows again before the next try. */
    void extend() {
        targetWindows += Math.max(100, targetWindows / 2);
    }

    AnomalyResult.Learning progress() {
        return new AnomalyResult.Learning(phase, journal.size(), targetWindows, elapsedS, targetS, fit != null);
    }

    /** The phase is over and its records are in the baseline: remove the journal. */
    void finish() {
        try {
            journal.delete();
        } catch (IOException e) {
            LOG.warn("anomaly {}: cannot remove the finished journal: {}", phase, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("anomaly {}: closing the journal failed: {}", phase, e.getMessage());
        }
    }
}
