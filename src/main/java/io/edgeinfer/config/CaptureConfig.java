package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a pipeline keeps of the windows its model was unsure about, for retraining at home
 * (docs/capture.md). Off by default. Each reason is off until its threshold is set, and each has
 * its own rate limit.
 *
 * @param dir where the kept items lie, one file each; by default {@code capture/<pipeline id>} in
 *     {@code control.state_dir} (filled in when capture is on; null while it is off and unset)
 * @param maxItems items kept at most; the oldest go first
 * @param maxBytes bytes kept at most; the oldest go first
 * @param minFreeBytes the card keeps at least this much free: an item that would leave less is not written
 * @param queue windows waiting for the capture thread at most; more are dropped and counted
 * @param minConfidence keep a window whose top score is below this, or null (off)
 * @param minMargin keep a window whose top two scores are closer than this, or null (off)
 * @param rareLabelShare keep a window whose label makes up less than this share of the last
 *     {@code rareLabelWindow} predictions, or null (off)
 * @param rareLabelWindow how many recent predictions the share is counted over
 * @param sampleRate keep this share of all windows at random (0 = off): an unbiased baseline
 * @param shadowDisagreement keep a window a shadow model labels differently, when one runs
 * @param ratePerMin items a minute each reason may keep at most, by reason name ({@link #REASONS})
 * @param upload the scheduled https upload, or null (off)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaptureConfig(boolean enabled, Path dir, int maxItems, long maxBytes, long minFreeBytes, int queue,
        Double minConfidence, Double minMargin, Double rareLabelShare, int rareLabelWindow, double sampleRate,
        boolean shadowDisagreement, Map<String, Double> ratePerMin, Upload upload) {

    /**
     * Every reason a window may be kept for: the pipeline's own four, and those other parts hand in
     * (a shadow model that disagrees, an anomaly detector).
     */
    public static final List<String> REASONS = List.of("low_confidence", "low_margin", "rare_label", "sample",
            "shadow_disagreement", "anomaly");

    public CaptureConfig {
        ratePerMin = Map.copyOf(ratePerMin);
    }

    /**
     * A capture at its defaults but for {@code given} (keys as in YAML), for code that builds one
     * without a file (benchmarks, tests).
     */
    public static CaptureConfig of(Map<String, ?> given) {
        return Defaults.read("capture", given, new CaptureConfigReader(Path.of("").toAbsolutePath())::read);
    }

    /** The same settings kept in {@code folder} (the default folder is only known once control is read). */
    public CaptureConfig withDir(Path folder) {
        return new CaptureConfig(enabled, folder, maxItems, maxBytes, minFreeBytes, queue, minConfidence, minMargin,
                rareLabelShare, rareLabelWindow, sampleRate, shadowDisagreement, ratePerMin, upload);
    }

    /**
     * Items sent to a server of the site's on a schedule, each deleted once the server acknowledged it.
     *
     * @param url https base URL: each item is PUT to {@code url/DEVICE/PIPELINE/ID.json}
     * @param intervalS seconds between upload runs (a failed run is retried sooner, with backoff)
     * @param caFile PEM certificates to trust instead of the JDK's, or null
     * @param timeoutS connect and per-request timeout
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Upload(URI url, double intervalS, Path caFile, int timeoutS) {
    }
}
