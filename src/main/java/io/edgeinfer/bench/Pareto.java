package io.edgeinfer.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The models no other model beats on both accuracy and p50 latency. */
final class Pareto {
    private Pareto() {
    }

    static Set<String> front(List<ModelResult> results) {
        List<ModelResult> measured = results.stream().filter(r -> r.accuracy() != null && r.latency() != null).toList();
        Set<String> front = new LinkedHashSet<>();
        for (ModelResult a : measured) {
            boolean dominated = measured.stream().anyMatch(b -> b != a
                    && b.accuracy() >= a.accuracy() && b.latency().p50() <= a.latency().p50()
                    && (b.accuracy() > a.accuracy() || b.latency().p50() < a.latency().p50()));
            if (!dominated) {
                front.add(a.name());
            }
        }
        return front;
    }
}
