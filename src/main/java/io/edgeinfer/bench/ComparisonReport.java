package io.edgeinfer.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Several data sets' bench runs of the same models as one side-by-side table (accuracy on each data
 * set, with the change against the first model) followed by each run's own report; or as JSON.
 */
public final class ComparisonReport {
    private static final String NA = "—";
    private static final ObjectMapper MAPPER = BenchReport.MAPPER;

    private ComparisonReport() {
    }

    public static String markdown(List<BenchRun> runs) {
        StringBuilder t = new StringBuilder("| model | size (bytes) |");
        runs.forEach(r -> t.append(" accuracy on ").append(r.data()).append(" |"));
        t.append(" p50 ms |\n| --- | ---: |").append(" ---: |".repeat(runs.size())).append(" ---: |\n");
        List<ModelResult> first = runs.get(0).models();
        for (int i = 0; i < first.size(); i++) {
            ModelResult m = first.get(i);
            t.append("| ").append(m.name()).append(" | ").append(String.format(Locale.ROOT, "%,d", m.sizeBytes()))
                    .append(" |");
            for (BenchRun r : runs) {
                t.append(' ').append(accuracy(r.models().get(i), r.models().get(0))).append(" |");
            }
            t.append(' ').append(m.latency() == null ? NA : String.format(Locale.ROOT, "%.3f", m.latency().p50()))
                    .append(" |\n");
        }
        t.append("\nAccuracy in %, with the change against the first model in points; p50 on ")
                .append(runs.get(0).data()).append(".\n");
        for (BenchRun r : runs) {
            t.append("\n### On ").append(r.data()).append("\n\n").append(BenchReport.markdown(r));
        }
        return t.toString();
    }

    private static String accuracy(ModelResult m, ModelResult first) {
        if (m.accuracy() == null) {
            return m.ok() ? NA : m.problem().replace("|", "/");
        }
        String a = String.format(Locale.ROOT, "%.2f %%", m.accuracy() * 100);
        if (m == first || first.accuracy() == null) {
            return a;
        }
        return a + String.format(Locale.ROOT, " (%+.2f)", (m.accuracy() - first.accuracy()) * 100);
    }

    /** {@code {"comparison": [{name, file, size_bytes, accuracy: {data: a}}], "runs": [...]}}. */
    public static String json(List<BenchRun> runs) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode rows = root.putArray("comparison");
        List<ModelResult> first = runs.get(0).models();
        for (int i = 0; i < first.size(); i++) {
            ObjectNode row = rows.addObject().put("name", first.get(i).name()).put("file", first.get(i).file())
                    .put("size_bytes", first.get(i).sizeBytes());
            ObjectNode acc = row.putObject("accuracy");
            for (BenchRun r : runs) {
                Double a = r.models().get(i).accuracy();
                if (a == null) {
                    acc.putNull(r.data());
                } else {
                    acc.put(r.data(), a);
                }
            }
        }
        ArrayNode all = root.putArray("runs");
        runs.forEach(r -> all.add(BenchReport.tree(r)));
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench results cannot be encoded", e);
        }
    }
}
