package io.edgeinfer.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The anomaly bench's tables as Markdown. */
public final class AnomalyReport {
    private AnomalyReport() {
    }

    public static String markdown(List<AnomalyBench.Result> results, double rateHz, int hop) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "Windows every %.3f s (%d samples at %s Hz).%n%n",
                hop / rateHz, hop, number(rateHz)));
        t.append("| detector | learned (needed) | held-out normal | false alarms (per day) | ROC AUC first quarter "
                + "| ROC AUC all | first quarter vs control | control vs normal, its alarms | detected first quarter "
                + "| detected all | delay | µs/window p50 (mean) | size (bytes) |\n");
        t.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (AnomalyBench.Result r : results) {
            if (!r.status().equals("ok")) {
                t.append("| ").append(r.name()).append(" | ").append(r.status()).append(" ||||||||||\n");
                continue;
            }
            String control = r.controlAucQuarter() == null
                    ? "— | —"
                    : String.format(Locale.ROOT, "%.4f | %.4f, %d",
                            r.aucQuarterVsControl(), r.controlAucQuarter(), r.controlAlarms());
            t.append(String.format(Locale.ROOT, "| %s | %,d (%,d) | %,d windows, %.2f d | %d (%.2f) | %.4f | %.4f | %s "
                    + "| %.1f %% | %.1f %% | %s | %.1f (%.1f) | %,d |%n", r.name(), r.learnWindows(), r.windowsNeeded(),
                    r.heldOutWindows(), r.heldOutDays(), r.falseAlarms(), r.falseAlarmsPerDay(), r.aucQuarter(),
                    r.aucAll(), control,
                    100 * r.detectionQuarter(), 100 * r.detectionAll(),
                    r.delayWindows() == null
                            ? "none"
                            : String.format(Locale.ROOT, "%d windows, %.1f s", r.delayWindows(), r.delayS()),
                    r.usP50(), r.usMean(), r.modelBytes()));
        }
        t.append(
                "\nLearned on the first windows of the normal file; false alarms are alarm onsets on the rest of it; ROC "
                        + "AUC ranks the abnormal file's windows (first quarter: where a growing fault is weakest) against the "
                        + "held-out normal ones; vs control: against the first quarter of a file at the same condition without the "
                        + "fault; control vs normal: what that condition alone gets against held-out normal (its alarms are false "
                        + "ones); detected: windows above the threshold; delay: from the abnormal file's first row "
                        + "to the first alarm (persistence included); µs: the whole stage per window (checks, features, severity, "
                        + "detector); size: the baseline file, plus the model for an autoencoder.\n");
        return t.toString();
    }

    public static String costMarkdown(List<AnomalyCostBench.Row> rows, Path classifier) {
        StringBuilder t = new StringBuilder(
                "| window | checks + features + severity µs | + stats detector µs | classifier µs ("
                        + classifier.getFileName()
                        + ", [1, 3, 256]) | stats stage / classifier |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (AnomalyCostBench.Row r : rows) {
            t.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.2f |%n", r.name(), r.featuresUs(), r
                    .statsUs(),
                    r.classifierUs(), r.ratio()));
        }
        t.append(
                "\nMedians per window over alternating rounds in one process (the first round warms up and is not counted); "
                        + "a paced row times each path once per live window interval, the order rotating.\n");
        return t.toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
