package io.edgeinfer.control.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The devices of a group as a table for the terminal: one row per device's report. */
public final class ReportTable {
    private static final String[] HEAD = {"device", "rev", "stage", "state", "model", "agreement", "p99_ms",
            "energy_mj",
            "gate", "reason"};

    private ReportTable() {
    }

    /**
     * @param failures what each device failed of the gate (a rollout's verdict), shown as its reason;
     *     may be empty
     */
    public static String format(Map<String, JsonNode> reports, Map<String, List<String>> failures) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEAD);
        reports.forEach((device, r) -> rows.add(row(device, r, failures.get(device))));
        int[] width = new int[HEAD.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + width[i] + "s  ", row[i]));
            }
            b.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return b.toString();
    }

    private static String[] row(String device, JsonNode r, List<String> failed) {
        JsonNode figures = r.has("shadow") ? r.get("shadow") : r.path("serve");
        String reason = failed != null && !failed.isEmpty() ? String.join("; ", failed) : r.path("reason").asText("");
        if (r.has("refused")) {
            reason = (reason.isEmpty() ? "" : reason + "; ") + "refused " + r.get("refused").path("code").asText();
        }
        return new String[]{device, r.path("revision").asText("-"), stage(r), r.path("state").asText(),
                r.path("model").path("version").asText(), text(r.path("shadow").path("agreement")),
                text(figures.path("candidate_ms").path("p99")), text(figures.path("energy_mj")), r.path("gate").asText(
                        "-"),
                reason.length() > 120 ? reason.substring(0, 117) + "..." : reason};
    }

    private static String stage(JsonNode r) {
        if (!r.has("stage")) {
            return "-";
        }
        return r.get("stage").asText() + ":" + r.path("stage_kind").asText() + (r.path("member").asBoolean()
                ? ""
                : " (out)");
    }

    private static String text(JsonNode n) {
        return n.isNumber() ? n.asText() : "-";
    }
}
