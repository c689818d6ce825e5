package io.edgeinfer.mqtt.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/sparkplug.md's conformance table and the conformance suites agree: nothing is marked as
 * holding without a test of that tck-id in the class the table names, and every rule a suite checks
 * is in the table as holding.
 */
class ConformanceTableTest {
    private static final Path DOC = Path.of("docs/sparkplug.md");
    private static final Path TESTS = Path.of("src/test/java/io/edgeinfer/mqtt/sparkplug");
    private static final Pattern ROW = Pattern.compile("^\\| `(tck-id-[A-Za-z0-9-]+)` \\|(.*)$");
    private static final Pattern RULE = Pattern.compile("\\.rule\\(\"(tck-id-[A-Za-z0-9-]+)\"");

    private record Row(String id, String status, List<String> tests) {
    }

    private static Map<String, Row> table() throws IOException {
        Map<String, Row> rows = new HashMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String[] cells = m.group(2).split("\\|");
            String status = cells.length >= 3 ? cells[cells.length - 2].trim() : cells[0].trim();
            List<String> tests = cells.length >= 3
                    ? Stream.of(cells[cells.length - 1].split(","))
                            .map(t -> t.replace("`", "").trim()).filter(t -> !t.isEmpty()).toList()
                    : List.of();
            assertThat(rows.put(m.group(1), new Row(m.group(1), status, tests))).as("%s listed twice", m.group(1))
                    .isNull();
        }
        return rows;
    }

    /** tck-id to the classes whose rules check it. */
    private static Map<String, Set<String>> suites() throws IOException {
        Map<String, Set<String>> out = new HashMap<>();
        try (Stream<Path> files = Files.list(TESTS)) {
            for (Path f : files.filter(p -> p.toString().endsWith("IT.java")).toList()) {
                String cls = f.getFileName().toString().replace(".java", "");
                Matcher m = RULE.matcher(Files.readString(f));
                while (m.find()) {
                    out.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(cls);
                }
            }
        }
        return out;
    }

    @Test
    void nothingIsMarkedAsHoldingWithoutATestOfThatTckId() throws IOException {
        Map<String, Set<String>> suites = suites();
        List<Row> holding = table().values().stream().filter(r -> r.status().equals("**holds**")).toList();
        assertThat(holding).hasSizeGreaterThan(100);
        for (Row r : holding) {
            assertThat(r.tests()).as("%s names its test", r.id()).isNotEmpty();
            assertThat(suites.get(r.id())).as("classes checking %s", r.id()).containsExactlyInAnyOrderElementsOf(r
                    .tests());
        }
    }

    @Test
    void everyRuleASuiteChecksIsInTheTableAsHolding() throws IOException {
        Map<String, Row> table = table();
        for (Map.Entry<String, Set<String>> e : suites().entrySet()) {
            assertThat(table.get(e.getKey())).as("%s in docs/sparkplug.md", e.getKey()).isNotNull()
                    .extracting(Row::status).isEqualTo("**holds**");
        }
    }

    @Test
    void everyRuleNotHoldingSaysWhy() throws IOException {
        Set<String> reasons = table().values().stream().filter(r -> !r.status().equals("**holds**"))
                .map(Row::status).collect(Collectors.toSet());
        assertThat(reasons).allMatch(s -> s.startsWith("n/a: ") && s.length() > 20 || s.equals("host application")
                || s.equals("MQTT server") || s.equals("command sender (host application)"));
    }
}
