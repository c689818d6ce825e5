package io.edgeinfer.capture;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How often the model gave each label over its last {@code window} predictions: a label below
 * {@code share} of them is rare. A fault the model seldom sees is where it is most often wrong, and
 * what a retraining set has least of. Judged only once a tenth of the window (at least 20) is seen,
 * and counted afresh when the model's labels change (another model swapped in).
 */
final class RareLabels {
    private final double share;
    private final String[] ring;
    private final Map<String, Integer> counts = new HashMap<>();
    private List<String> labels = List.of();
    private int next;
    private int filled;

    RareLabels(double share, int window) {
        this.share = share;
        this.ring = new String[window];
    }

    /** Whether {@code label} is rare so far; then counts it. */
    boolean isRare(String label, List<String> modelLabels) {
        if (!modelLabels.equals(labels)) {
            labels = modelLabels;
            counts.clear();
            Arrays.fill(ring, null);
            next = 0;
            filled = 0;
        }
        boolean rare = filled >= Math.max(20, ring.length / 10) && counts.getOrDefault(label, 0) < share * filled;
        String out = ring[next];
        if (out != null) {
            counts.merge(out, -1, Integer::sum);
        } else {
            filled++;
        }
        ring[next] = label;
        counts.merge(label, 1, Integer::sum);
        next = (next + 1) % ring.length;
        return rare;
    }
}
