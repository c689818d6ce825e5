package io.edgeinfer.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a pipeline's {@code capture} section (docs/configuration.md, "capture"). Every default is
 * written here. {@code capture.dir} left out is filled in by {@link ConfigReader} once
 * {@code control.state_dir} is known.
 */
final class CaptureConfigReader {
    /**
     * The keys that turn on a reason reading a classifier's scores or label. ({@code rare_label_window}
     * alone turns nothing on, and a rendered file always holds it.)
     */
    private static final List<String> SCORE_KEYS = List.of("min_confidence", "min_margin", "rare_label_share");

    private final Path baseDir;

    CaptureConfigReader(Path baseDir) {
        this.baseDir = baseDir;
    }

    CaptureConfig read(Section s) {
        return read(s, true);
    }

    /**
     * @param classifier false for a pipeline without a classifier: the reasons that judge a
     *     classifier's scores are refused there
     */
    CaptureConfig read(Section s, boolean classifier) {
        if (!classifier) {
            refuseScoreReasons(s);
        }
        boolean enabled = s.bool("enabled", false);
        String dir = s.string("dir", null);
        int maxItems = s.integer("max_items", 2000, 1, 10_000_000);
        long maxBytes = s.longValue("max_bytes", 64L << 20, 64 << 10, 1L << 40);
        long minFree = s.longValue("min_free_bytes", 256L << 20, 0, 1L << 40);
        int queue = s.integer("queue", 64, 1, 100_000);
        Double minConfidence = optional(s, "min_confidence", 0, 1);
        Double minMargin = optional(s, "min_margin", 0, 1);
        Double rareShare = optional(s, "rare_label_share", 0, 1);
        int rareWindow = s.integer("rare_label_window", 1000, 10, 10_000_000);
        double sampleRate = s.number("sample_rate", 0, 0, 1);
        // Left on without a classifier: no shadow model runs beside no serving one, so it keeps nothing,
        // and a default that followed the model would make adding one change the capture section too.
        boolean shadow = s.bool("shadow_disagreement", true);
        Map<String, Double> rates = rates(s.section("rate_per_min"));
        CaptureConfig.Upload upload = s.has("upload") ? upload(s.section("upload")) : null;
        s.rejectUnknown();
        return new CaptureConfig(enabled, dir == null ? null : baseDir.resolve(dir).normalize(), maxItems, maxBytes,
                minFree, queue, minConfidence, minMargin, rareShare, rareWindow, sampleRate, shadow, rates, upload);
    }

    /**
     * The keys of the reasons that judge a classifier's answer, each refused by name on a pipeline
     * without one: left in, they would keep nothing and look as if they did.
     */
    private static void refuseScoreReasons(Section s) {
        for (String key : SCORE_KEYS) {
            if (s.has(key)) {
                s.error(key, "judges a classifier's scores, and this pipeline has no model (anomaly detection only:"
                        + " capture keeps the windows above the anomaly threshold and, with sample_rate, a random"
                        + " sample)");
            }
        }
    }

    /** A threshold that is off unless set. */
    private static Double optional(Section s, String key, double min, double max) {
        double v = s.number(key, Double.NaN, min, max);
        return Double.isNaN(v) ? null : v;
    }

    private static Map<String, Double> rates(Section s) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String reason : CaptureConfig.REASONS) {
            out.put(reason, s.number(reason, 30, 0.01, 1_000_000));
        }
        s.rejectUnknown();
        return out;
    }

    private CaptureConfig.Upload upload(Section s) {
        String text = s.requiredString("url");
        URI url = null;
        if (text != null) {
            try {
                url = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
                if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
                    s.error("url", "must be an https:// URL with a host, got '" + text + "'");
                } else if (url.getUserInfo() != null || url.getQuery() != null || url.getFragment() != null) {
                    s.error("url", "must not carry user information, a query or a fragment");
                }
            } catch (URISyntaxException e) {
                s.error("url", "is not a URL: " + e.getMessage());
            }
        }
        double interval = s.number("interval_s", 300, 1, 86_400);
        String ca = s.string("ca_file", null);
        Path caFile = ca == null ? null : baseDir.resolve(ca).normalize();
        if (caFile != null && !Files.isRegularFile(caFile)) {
            s.error("ca_file", "file not found: " + caFile);
        }
        int timeout = s.integer("timeout_s", 30, 1, 3600);
        s.rejectUnknown();
        return new CaptureConfig.Upload(url, interval, caFile, timeout);
    }
}
