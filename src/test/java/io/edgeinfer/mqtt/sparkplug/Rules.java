package io.edgeinfer.mqtt.sparkplug;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * Sparkplug B 3.0 rules checked over one recorded run: each becomes a test named by its tck-id (the
 * specification's assertion id), so a report and docs/sparkplug.md's conformance table line up.
 */
final class Rules {
    private final Map<String, Executable> checks = new LinkedHashMap<>();

    /** The rule {@code tckId} holds when {@code check} passes. */
    Rules rule(String tckId, Executable check) {
        if (checks.put(tckId, check) != null) {
            throw new IllegalArgumentException("rule listed twice: " + tckId);
        }
        return this;
    }

    Stream<DynamicTest> tests() {
        return checks.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            try {
                e.getValue().execute();
            } catch (AssertionError a) {
                throw new AssertionError(e.getKey() + ": " + a.getMessage(), a);
            }
        }));
    }
}
