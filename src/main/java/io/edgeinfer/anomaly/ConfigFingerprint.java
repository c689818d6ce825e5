package io.edgeinfer.anomaly;

import io.edgeinfer.config.AnomalyConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint a baseline is tied to: everything that changes what a feature or a score means
 * (source type, rate, channels, window size and hop, feature settings, shaft speed settings,
 * detector and its model). The false-alarm budget, persistence and learning length are left out on
 * purpose: the stored calibration serves any budget, so changing them needs no relearning.
 */
final class ConfigFingerprint {
    private ConfigFingerprint() {
    }

    /** @param modelSha256 the autoencoder file's digest, or null for the other detectors */
    static String of(AnomalyConfig c, StreamShape s, String modelSha256) {
        String text = String.join("|", "v1", s.sourceType(), Double.toString(s.rateHz()),
                String.join(",", s.channels().names()), Integer.toString(s.size()), Integer.toString(s.hop()),
                c.detector().key(), (c.detector() == AnomalyConfig.Detector.STATS ? c.maxComponents() : "-") + "/" + c
                        .smoothing(),
                c.features().toString(), c.shaft().toString(), Boolean.toString(c.loadInput()),
                modelSha256 == null ? "-" : modelSha256);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
