package io.edgeinfer.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Logits to a labelled result: softmax, top label, score per label in label order. */
public final class PostProcessor {
    private final List<String> labels;

    public PostProcessor(List<String> labels) {
        this.labels = List.copyOf(labels);
    }

    public Classification classify(float[] logits) {
        if (logits.length != labels.size()) {
            throw new IllegalArgumentException("got " + logits.length + " logits for " + labels.size() + " labels");
        }
        double[] p = softmax(logits);
        int best = 0;
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            scores.put(labels.get(i), p[i]);
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return new Classification(labels.get(best), p[best], scores);
    }

    /** Numerically stable softmax: shift by the max so exp never overflows. */
    static double[] softmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double[] e = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    /** The model's answer for one window. */
    public record Classification(String label, double confidence, Map<String, Double> scores) {}
}
