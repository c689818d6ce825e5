package io.edgeinfer.anomaly;

/**
 * What the feature extractor made of one window.
 *
 * @param vector the feature vector (log10 values, in the extractor's name order)
 * @param shaftHz the shaft speed used: given, configured or estimated
 * @param power one-sided power spectrum per channel (units squared per bin); the extractor's
 *     buffers, valid until its next window
 * @param meanSquare per channel, the mean square of the signal minus its mean
 */
record WindowFeatures(double[] vector, double shaftHz, double[][] power, double[] meanSquare) {
}
