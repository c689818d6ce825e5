package io.edgeinfer.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A bench run as Markdown (for people and docs) or JSON (for machines). */
public final class BenchReport {
    private static final String NA = "—";
    /** Snake-case, indented: every bench report's JSON. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport() {
    }

    public static String json(BenchRun run) {
        try {
            return MAPPER.writeValueAsString(tree(run)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench results cannot be encoded", e);
        }
    }

    /** The run as the JSON tree {@link #json} prints. */
    static ObjectNode tree(BenchRun run) {
        ObjectNode root = MAPPER.valueToTree(run);
        root.putPOJO("pareto_front", Pareto.front(run.models()));
        return root;
    }

    public static String markdown(BenchRun run) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Data: %s (%d samples, input %s). Machine: %s, %d intra-op thread(s). "
                + "Energy: %s. Quantized engines: %s (default %s).%n%n", run.data(), run.samples(), run.inputShape(),
                run.machine(), run.threads(), run.energySource(), run.quantizedEngines(), run.defaultEngine()));
        out.append(mainTable(run.models())).append('\n');
        out.append(perClassTable(run.models(), run.dataLabels())).append('\n');
        List<String> notes = new ArrayList<>();
        for (ModelResult r : run.models()) {
            r.notes().forEach(n -> notes.add("- " + r.name() + ": " + n));
        }
        if (!notes.isEmpty()) {
            out.append(String.join("\n", notes)).append("\n\n");
        }
        out.append("* on the Pareto front (no other model is both as accurate and faster). Latency: one inference at "
                + "batch 1, p50/p95/p99 over every timed run; \"vs first\" is the first measured model's p50 over this one's.\n");
        return out.toString();
    }

    private static String mainTable(List<ModelResult> models) {
        Set<String> front = Pareto.front(models);
        Double base = models.stream().filter(r -> r.latency() != null).map(r -> r.latency().p50()).findFirst().orElse(
                null);
        StringBuilder t = new StringBuilder(
                "| model | status | accuracy | p50 ms | p95 ms | p99 ms | inferences/s | vs first "
                        + "| size (bytes) | params | non-zero | MACs | load ms | peak RSS Δ MB | energy mJ/inference | int8 engine "
                        + "| golden |\n");
        t.append(
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
                        + "| --- | --- |\n");
        for (ModelResult r : models) {
            LatencyStats l = r.latency();
            String params = r.params() == null
                    ? NA
                    : String.format(Locale.ROOT, "%,d", r.params())
                            + ("file".equals(r.paramsSource()) ? " †" : "");
            t.append("| ").append(r.name()).append(front.contains(r.name()) ? " *" : "")
                    .append(" | ").append(r.ok() ? "ok" : r.problem().replace("|", "/"))
                    .append(" | ").append(r.accuracy() == null ? NA : pct(r.accuracy()))
                    .append(" | ").append(l == null ? NA : ms(l.p50()))
                    .append(" | ").append(l == null ? NA : ms(l.p95()))
                    .append(" | ").append(l == null ? NA : ms(l.p99()))
                    .append(" | ").append(r.throughputPerS() == null
                            ? NA
                            : String.format(Locale.ROOT, "%,.0f", r.throughputPerS()))
                    .append(" | ").append(l == null || base == null
                            ? NA
                            : String.format(Locale.ROOT, "%.2f×", base / l.p50()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", r.sizeBytes()))
                    .append(" | ").append(params)
                    .append(" | ").append(r.nonzeroParams() == null
                            ? NA
                            : String.format(Locale.ROOT, "%,d", r.nonzeroParams()))
                    .append(" | ").append(r.macs() == null ? NA : String.format(Locale.ROOT, "%,d", r.macs()))
                    .append(" | ").append(r.loadMs() == null ? NA : String.format(Locale.ROOT, "%.0f", r.loadMs()))
                    .append(" | ").append(r.peakRssDeltaMb() == null
                            ? NA
                            : String.format(Locale.ROOT, "%.1f", r.peakRssDeltaMb()))
                    .append(" | ").append(r.energyPerInferenceMj() == null
                            ? NA
                            : String.format(Locale.ROOT, "%.3f (%s)", r.energyPerInferenceMj(), r.energySource()))
                    .append(" | ").append(r.quantizedEngine() == null ? NA : r.quantizedEngine())
                    .append(" | ").append(r.golden() == null ? NA : r.golden())
                    .append(" |\n");
        }
        if (models.stream().anyMatch(r -> "file".equals(r.paramsSource()))) {
            t.append(
                    "\n† no manifest: counted from the float tensors in the file (quantized weights are not visible there).\n");
        }
        return t.toString();
    }

    private static String perClassTable(List<ModelResult> models, List<String> labels) {
        StringBuilder t = new StringBuilder("| model (accuracy per class) |");
        labels.forEach(l -> t.append(' ').append(l).append(" |"));
        t.append("\n| --- |").append(" ---: |".repeat(labels.size())).append('\n');
        for (ModelResult r : models) {
            if (r.perClass().isEmpty()) {
                continue;
            }
            t.append("| ").append(r.name()).append(" |");
            labels.forEach(l -> t.append(' ').append(r.perClass().get(l) == null ? NA : pct(r.perClass().get(l)))
                    .append(" |"));
            t.append('\n');
        }
        return t.toString();
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f %%", v * 100);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
