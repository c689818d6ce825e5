package io.edgeinfer.capture;

import io.edgeinfer.capture.DatasetWriter.Labelled;
import io.edgeinfer.data.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits confirmed rows into training rows and held-out test rows ({@code capture dataset --holdout}),
 * so old and new models can be compared on captured data the new one never trained on. Deterministic:
 * the rows are ranked by a digest of the item id, not drawn at random, so the same items split the same
 * way on every run and on every machine. Stratified: each label gives its own share (rounded), and a
 * label with two rows or more keeps at least one for training.
 */
final class Holdout {
    /** The training rows and the held-out ones, each in id order (so by time). */
    record Split(List<Labelled> train, List<Labelled> test) {
    }

    private final double fraction;

    /** @throws IllegalArgumentException {@code fraction} is not at least 0 and below 1, naming {@code --holdout} */
    Holdout(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("--holdout must be at least 0 and below 1 (the share of each label's"
                    + " confirmed rows kept out of training), got " + fraction);
        }
        this.fraction = fraction;
    }

    Split split(List<Labelled> rows) {
        Map<String, List<Labelled>> byLabel = new LinkedHashMap<>();
        rows.forEach(r -> byLabel.computeIfAbsent(r.label(), l -> new ArrayList<>()).add(r));
        Set<String> held = new HashSet<>();
        for (List<Labelled> label : byLabel.values()) {
            int n = label.size();
            long share = n < 2 ? 0 : Math.min(Math.round(fraction * n), n - 1);
            label.stream().sorted(Comparator.comparing(Holdout::rank)).limit(share).forEach(r -> held.add(r.item()
                    .id()));
        }
        return new Split(rows.stream().filter(r -> !held.contains(r.item().id())).toList(),
                rows.stream().filter(r -> held.contains(r.item().id())).toList());
    }

    private static String rank(Labelled row) {
        return Sha256.hex(row.item().id().getBytes(StandardCharsets.UTF_8));
    }
}
