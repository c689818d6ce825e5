package io.edgeinfer.anomaly;

import io.edgeinfer.model.InferenceException;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.model.Window;

/**
 * The {@code autoencoder} detector: a TorchScript autoencoder trained at home on normal windows only
 * ({@code edgecompress.autoencoder}), run through the project's {@link ModelRunner}. The model takes
 * the raw window and returns its own reconstruction error (mean over outputs if it returns several),
 * smoothed over windows by a {@link ScoreEwma} ({@code anomaly.smoothing}; 1: none), which is the
 * score. Nothing is learned on the device but the threshold: the calibration scores are the model's
 * smoothed errors on the device's own learning windows, in time order. An accept therefore only
 * widens the threshold; to make the autoencoder itself know a new condition, retrain it at home
 * with it.
 */
final class AutoencoderDetector implements Detector {
    private final ModelRunner runner;
    private final double lambda;
    private final ScoreEwma live;

    /** @param runner the loaded autoencoder; closed with this detector */
    AutoencoderDetector(ModelRunner runner, double smoothing) {
        this.runner = runner;
        this.lambda = smoothing;
        this.live = new ScoreEwma(smoothing);
    }

    @Override
    public String key() {
        return "autoencoder";
    }

    @Override
    public int recordWidth() {
        return 1;
    }

    @Override
    public double[] record(Window w, WindowFeatures f) throws InferenceException {
        return new double[]{error(w)};
    }

    @Override
    public double score(Baseline b, Window w, WindowFeatures f) throws InferenceException {
        return live.update(error(w));
    }

    @Override
    public void reset() {
        live.reset();
    }

    private double error(Window w) throws InferenceException {
        float[] out = runner.predict(w).logits();
        double sum = 0;
        for (float v : out) {
            sum += v;
        }
        double e = sum / out.length;
        if (!Double.isFinite(e)) {
            throw new InferenceException("the autoencoder returned a non-finite error on window " + w.index(), null);
        }
        return e;
    }

    @Override
    public Fitted fit(double[][] records) {
        return new Fitted(null, column(records));
    }

    @Override
    public Fitted fold(Baseline current, double[][] accepted) {
        double[] fresh = column(accepted);
        double[] all = new double[current.calibration().length + fresh.length];
        System.arraycopy(current.calibration(), 0, all, 0, current.calibration().length);
        System.arraycopy(fresh, 0, all, current.calibration().length, fresh.length);
        return new Fitted(null, all);
    }

    /** The learning windows' errors, smoothed in time order as live scores are. */
    private double[] column(double[][] records) {
        ScoreEwma smoothing = new ScoreEwma(lambda);
        double[] out = new double[records.length];
        for (int i = 0; i < records.length; i++) {
            out[i] = smoothing.update(records[i][0]);
        }
        return out;
    }

    ModelRunner runner() {
        return runner;
    }

    @Override
    public void close() {
        runner.close();
    }
}
