package io.edgeinfer.bench;

import io.edgeinfer.anomaly.AnomalyResult;
import io.edgeinfer.anomaly.AnomalyStage;
import io.edgeinfer.anomaly.ChannelUnits;
import io.edgeinfer.anomaly.StreamShape;
import io.edgeinfer.config.AnomalyConfig;
import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code edgeinfer bench anomaly}: detectors side by side on the same recordings, through the same
 * {@link AnomalyStage} the pipeline uses. Each learns from the first windows of the normal file (as
 * many as its settings ask), is scored on the rest of it (false alarms per day, score
 * distribution), then starts afresh from its baseline file on the abnormal file, whose first row is
 * the fault's onset (ROC AUC against the held-out normal windows, over the first quarter of the
 * abnormal rows, where a growing fault is weakest, and over all of them; detection rate at the
 * threshold; detection delay). A detector whose scores differ between operating conditions looks
 * better or worse than it is when the fault runs at one condition and normal running at many; a
 * control file (the same condition without the fault, e.g. the same scenario and seed with the fault
 * level at 0) is scored the same way: the abnormal file's first quarter ranked against the control's
 * first quarter is the AUC at the same condition, the control's against the held-out normal windows
 * is what the condition alone gets (0.5 if nothing), and the control's alarms are false ones.
 */
public final class AnomalyBench {
    private AnomalyBench() {
    }

    /** One detector to compare: a name for the table, its settings (and the autoencoder's file). */
    public record Candidate(String name, AnomalyConfig config) {
    }

    /**
     * @param rateHz the recordings' sample rate
     * @param hop samples between the starts of consecutive rows (overlap)
     * @param control the abnormal file's condition without the fault, or null
     * @param units the channels' unit for severity, or null when unknown
     */
    public record Settings(Path normal, Path abnormal, Path control, double rateHz, int hop, String units) {
    }

    /**
     * One detector's figures.
     *
     * @param aucQuarter ROC AUC of the abnormal file's first quarter (weakest fault) against held-out normal
     * @param aucQuarterVsControl the first quarter against the control's first quarter (the same
     *     condition without the fault), null without a control
     * @param controlAucQuarter the control's first quarter against held-out normal, null without one
     * @param controlAlarms alarm onsets on the control file (all false), null without one
     * @param delayWindows windows from the onset (abnormal row 0) to the first alarm, null if none
     * @param usP50 microseconds per window for the whole stage (features, detector, severity), median
     * @param modelBytes the baseline file, plus the model file for the autoencoder
     */
    public record Result(String name, String detector, String status, long learnWindows, long windowsNeeded,
            Double threshold, long heldOutWindows, double heldOutDays, long falseAlarms, Double falseAlarmsPerDay,
            long heldOutAbove, Double aucQuarter, Double aucAll, Double aucQuarterVsControl, Double controlAucQuarter,
            Long controlAlarms,
            Double detectionQuarter, Double detectionAll,
            Long delayWindows, Double delayS, Double usP50, Double usMean, long modelBytes) {
    }

    /** Samples per window of a recording (its rows), read from its header. */
    public static int windowSize(Path file) throws BenchDataException {
        try (WindowCsvReader in = new WindowCsvReader(file)) {
            return in.size();
        }
    }

    public static List<Result> run(Settings s, List<Candidate> candidates, Path workDir)
            throws BenchDataException, IOException {
        List<Result> out = new ArrayList<>();
        for (Candidate c : candidates) {
            out.add(one(s, c, workDir.resolve(c.name().replaceAll("[^A-Za-z0-9_.-]", "_") + ".baseline")));
        }
        return out;
    }

    private static Result one(Settings s, Candidate c, Path baseline) throws BenchDataException, IOException {
        Files.deleteIfExists(baseline);
        StreamShape shape;
        Normal normal;
        try (WindowCsvReader in = new WindowCsvReader(s.normal())) {
            shape = new StreamShape("bench", s.rateHz(), ChannelUnits.of(in.channels(), s.units()), in.size(), s.hop());
            try (AnomalyStage stage = open(c, shape, baseline)) {
                normal = normalPass(in, stage, shape);
            }
        }
        if (normal.scores.length == 0) {
            return new Result(c.name(), c.config().detector().key(),
                    "learning did not finish: the normal file has only "
                            + normal.windows + " windows", normal.learned, normal.needed, null, 0, 0, 0, null, 0, null,
                    null, null,
                    null, null, null, null, null, null, null, null, 0);
        }
        Faulty abnormal = faultPass(c, shape, baseline, s.abnormal());
        Faulty control = s.control() == null ? null : faultPass(c, shape, baseline, s.control());
        double[] quarter = abnormal.quarter();
        Long delay = abnormal.firstAlarm();
        double days = normal.scores.length / (86_400 * s.rateHz() / s.hop());
        long bytes = Files.size(baseline) + (c.config().model() == null ? 0 : Files.size(c.config().model()));
        double[] us = normal.micros;
        Arrays.sort(us);
        return new Result(c.name(), c.config().detector().key(), "ok", normal.learned, normal.needed, normal.threshold,
                normal.scores.length, days, normal.alarms, normal.alarms / days, Arrays.stream(normal.scores)
                        .filter(v -> v > normal.threshold).count(), Roc.auc(normal.scores, quarter),
                Roc.auc(normal.scores, abnormal.scores()), control == null ? null : Roc.auc(control.quarter(), quarter),
                control == null ? null : Roc.auc(normal.scores, control.quarter()),
                control == null ? null : control.alarms(), Roc.above(quarter, normal.threshold),
                Roc.above(abnormal.scores(), normal.threshold), delay, delay == null
                        ? null
                        : delay * s.hop() / s.rateHz(),
                us[us.length / 2], Arrays.stream(us).average().orElse(Double.NaN), bytes);
    }

    /** A fault file's scores in order, its first alarm (null if none) and how many alarms began. */
    private record Faulty(double[] scores, Long firstAlarm, long alarms) {
        /** The first quarter: where a growing fault is weakest. */
        double[] quarter() {
            return Arrays.copyOf(scores, Math.max(1, scores.length / 4));
        }
    }

    /** Scores a file from its first row with a fresh stage on the learned baseline. */
    private static Faulty faultPass(Candidate c, StreamShape shape, Path baseline, Path file)
            throws BenchDataException, IOException {
        try (WindowCsvReader in = new WindowCsvReader(file); AnomalyStage stage = open(c, shape, baseline)) {
            List<Double> scores = new ArrayList<>();
            int[] dims = {in.channels().size(), in.size()};
            Long first = null;
            long alarms = 0;
            boolean on = false;
            WindowCsvReader.Row row;
            for (long i = 0; (row = in.next()) != null; i++) {
                AnomalyResult r = score(stage, Window.of(i, dims, row.data()));
                if (r.score() != null) {
                    scores.add(r.score());
                }
                if (r.alarm() && !on) {
                    alarms++;
                    first = first == null ? i : first;
                }
                on = r.alarm();
            }
            return new Faulty(scores.stream().mapToDouble(Double::doubleValue).toArray(), first, alarms);
        }
    }

    private static AnomalyStage open(Candidate c, StreamShape shape, Path baseline) throws IOException,
            BenchDataException {
        try {
            var runner = c.config().detector() == AnomalyConfig.Detector.AUTOENCODER
                    ? AnomalyStage.loadAutoencoder(c.config().model(), shape)
                    : null;
            // Fits run on this thread: the bench waits for them anyway, and times only scoring.
            return AnomalyStage.open(c.config(), shape, baseline, runner, Runnable::run, Clock.systemUTC());
        } catch (ModelLoadException e) {
            throw new BenchDataException(c.name() + ": " + e.getMessage(), e);
        }
    }

    /** What the normal file gave: learning, then held-out scores, times and alarms. */
    private record Normal(long windows, long learned, long needed, double threshold, double[] scores, double[] micros,
            long alarms) {
    }

    private static Normal normalPass(WindowCsvReader in, AnomalyStage stage, StreamShape shape)
            throws BenchDataException {
        int[] dims = {in.channels().size(), in.size()};
        List<Double> scores = new ArrayList<>();
        List<Double> micros = new ArrayList<>();
        long alarms = 0;
        boolean on = false;
        long i = 0;
        WindowCsvReader.Row row;
        while ((row = in.next()) != null) {
            Window w = Window.of(i++, dims, row.data());
            boolean ready = "ready".equals(stage.status().phase());
            long t0 = System.nanoTime();
            AnomalyResult r = score(stage, w);
            long t1 = System.nanoTime();
            if (ready && r.score() != null) {
                scores.add(r.score());
                micros.add((t1 - t0) / 1e3);
                if (r.alarm() && !on) {
                    alarms++;
                }
                on = r.alarm();
            }
        }
        var status = stage.status();
        long learned = status.baseline() == null
                ? (status.learning() == null ? 0 : status.learning().windows())
                : status.baseline().windows();
        long needed = status.baseline() == null ? 0 : status.baseline().windowsNeeded();
        return new Normal(i, learned, needed, status.threshold() == null ? Double.NaN : status.threshold(),
                scores.stream().mapToDouble(Double::doubleValue).toArray(), micros.stream().mapToDouble(
                        Double::doubleValue).toArray(), alarms);
    }

    private static AnomalyResult score(AnomalyStage stage, Window w) throws BenchDataException {
        try {
            return stage.score(w);
        } catch (InferenceException e) {
            throw new BenchDataException("window " + w.index() + ": " + e.getMessage(), e);
        }
    }
}
