package io.edgeinfer.anomaly;

import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.Window;

/**
 * The port to a way of scoring windows (docs/anomaly.md, "Detectors"). A larger score is less like
 * the learned normal. Learning is split the same way for every detector: each good window gives a
 * record (on the pipeline thread), and once there are enough, {@link #fit} turns them into a
 * baseline with out-of-sample calibration scores (on a background thread). Implementations are
 * used by one pipeline thread, except {@link #fit} and {@link #fold}, which must not touch state
 * the pipeline thread changes.
 */
interface Detector extends AutoCloseable {
    /** The config key ({@code stats}, {@code autoencoder}). */
    String key();

    /** Values per learning record. */
    int recordWidth();

    /** What a good window contributes to learning. */
    double[] record(Window w, WindowFeatures f) throws InferenceException;

    /** The window's score against a fitted baseline. */
    double score(Baseline b, Window w, WindowFeatures f) throws InferenceException;

    /**
     * The model and calibration scores learned from {@code records}, as a baseline (fields other
     * than the model and calibration are the caller's to fill: pass placeholders).
     */
    Fitted fit(double[][] records);

    /** The baseline with {@code accepted} records folded in as normal too. */
    Fitted fold(Baseline current, double[][] accepted);

    /** What a fit produced. */
    record Fitted(GaussianMixture mixture, double[] calibration) {
    }

    /** Forgets what it carries from window to window (a sensor fault broke the sequence, a new baseline). */
    default void reset() {
    }

    /** Frees what the detector holds (a loaded model). Idempotent. */
    @Override
    void close();
}
