package io.edgeinfer.anomaly;

import java.util.Arrays;
import org.jtransforms.fft.FloatFFT_1D;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * One-sided power spectra of real windows of one length, by JTransforms' FFT (any length; Bluestein
 * for lengths that are not a power of two). The window's mean is removed and a Hann window applied;
 * bins are scaled so that they sum to the signal's mean square (Parseval, corrected for the Hann
 * window's power), so a band's sum is the band's mean-square value in the signal's units squared.
 *
 * <p>Not thread-safe: buffers are reused between calls, one instance per thread.
 */
final class Spectrum {
    static {
        // JTransforms splits large transforms over a thread pool. Windows here are small and the
        // pipeline's thread should do its own work, so keep every transform on the caller's thread.
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final int n;
    private final int bins;
    private final FloatFFT_1D fft;
    private final float[] hann;
    private final double norm;
    private final float[] spectrum;
    private final float[] analytic;
    private final float[] envelope;

    Spectrum(int n) {
        if (n < 8) {
            throw new IllegalArgumentException("a spectrum needs at least 8 samples, got " + n);
        }
        this.n = n;
        this.bins = n / 2 + 1;
        this.fft = new FloatFFT_1D(n);
        this.hann = new float[n];
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            // The periodic Hann window: its shifted copies sum to a constant, which DFT analysis wants.
            hann[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
            sumSquares += (double) hann[i] * hann[i];
        }
        this.norm = 1.0 / (n * sumSquares);
        this.spectrum = new float[n];
        this.analytic = new float[2 * n];
        this.envelope = new float[n];
    }

    int size() {
        return n;
    }

    /** Bins 0 .. n/2 (for odd n the last one is not the Nyquist bin). */
    int bins() {
        return bins;
    }

    /** Frequency of bin k: k times this. */
    static double binHz(double rateHz, int n) {
        return rateHz / n;
    }

    /**
     * The power spectrum of {@code x[offset .. offset + n)} minus {@code mean}, into {@code power[0 ..
     * bins)}. The complex spectrum stays in this object for {@link #envelopePower}.
     */
    void power(float[] x, int offset, double mean, double[] power) {
        float m = (float) mean;
        for (int i = 0; i < n; i++) {
            spectrum[i] = (x[offset + i] - m) * hann[i];
        }
        fft.realForward(spectrum);
        oneSided(spectrum, power);
    }

    /**
     * The envelope spectrum of the last {@link #power} call's signal, band-passed to bins {@code
     * [from, to]}: the analytic signal of the band (its spectrum doubled on those bins, zero elsewhere)
     * is transformed back, its magnitude is the envelope, and the envelope's power spectrum goes into
     * {@code power[0 .. bins)}, scaled like {@link #power}. The envelope is already tapered by the Hann
     * window the signal was, so it needs no second window; its mean shows in bins 0 and 1 only.
     */
    void envelopePower(int from, int to, double[] power) {
        Arrays.fill(analytic, 0f);
        // The top bin of an odd length is packed apart (real part last, imaginary part at 1): leave it out.
        int last = Math.min(to, (n - 1) / 2 - (n % 2));
        for (int k = Math.max(1, from); k <= last; k++) {
            analytic[2 * k] = 2 * spectrum[2 * k];
            analytic[2 * k + 1] = 2 * spectrum[2 * k + 1];
        }
        fft.complexInverse(analytic, true);
        for (int i = 0; i < n; i++) {
            float re = analytic[2 * i];
            float im = analytic[2 * i + 1];
            envelope[i] = (float) Math.sqrt(re * re + im * im);
        }
        fft.realForward(envelope);
        oneSided(envelope, power);
    }

    /** Unpacks JTransforms' in-place real-FFT layout into scaled one-sided power. */
    private void oneSided(float[] a, double[] power) {
        power[0] = norm * a[0] * a[0];
        if (n % 2 == 0) {
            for (int k = 1; k < n / 2; k++) {
                power[k] = 2 * norm * ((double) a[2 * k] * a[2 * k] + (double) a[2 * k + 1] * a[2 * k + 1]);
            }
            power[n / 2] = norm * a[1] * a[1];
        } else {
            int top = (n - 1) / 2;
            for (int k = 1; k < top; k++) {
                power[k] = 2 * norm * ((double) a[2 * k] * a[2 * k] + (double) a[2 * k + 1] * a[2 * k + 1]);
            }
            power[top] = 2 * norm * ((double) a[n - 1] * a[n - 1] + (double) a[1] * a[1]);
        }
    }
}
