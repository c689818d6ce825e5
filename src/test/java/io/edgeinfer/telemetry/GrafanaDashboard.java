package io.edgeinfer.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** deploy/grafana/edgeinfer.json, and the metrics and labels its PromQL queries ask for. */
public final class GrafanaDashboard {
    public static final Path FILE = Path.of("deploy/grafana/edgeinfer.json");
    /** A series name as the dashboard writes it: our meters, and the JVM/process ones Micrometer adds. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:edgeinfer|process|jvm)_[a-z0-9_]+)\\b(\\{([^}]*)\\})?");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)\\s*(=~|!~|!=|=)");

    private final JsonNode root;

    public GrafanaDashboard() {
        try {
            root = Json.mapper().readTree(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode root() {
        return root;
    }

    /** Every panel that shows data (rows left out). */
    public List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        root.get("panels").forEach(p -> {
            if (!p.path("type").asText().equals("row")) {
                out.add(p);
            }
        });
        return out;
    }

    /** Every PromQL expression: panel targets and template variable queries. */
    public List<String> expressions() {
        List<String> out = new ArrayList<>();
        panels().forEach(p -> p.get("targets").forEach(t -> out.add(t.get("expr").asText())));
        root.path("templating").path("list").forEach(v -> out.add(v.path("query").path("query").asText()));
        return out;
    }

    /**
     * Each series name used, with the label names its selectors filter on ({@code instance} and
     * {@code job} are left out: Prometheus adds those when it scrapes).
     */
    public Map<String, Set<String>> metrics() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String expr : expressions()) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                Set<String> labels = out.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        if (!l.group(1).equals("instance") && !l.group(1).equals("job")) {
                            labels.add(l.group(1));
                        }
                    }
                }
            }
        }
        return out;
    }
}
