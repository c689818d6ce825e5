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
        String nonFinite = nonFinite(logits);
        if (nonFinite != null) {
            // Softmax would turn one NaN into NaN scores for every label and a meaningless top label.
            throw new IllegalArgumentException(nonFinite);
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

    /** What is not finite in {@code logits} ("logit 2 of 4 is NaN"), or null when every value is finite. */
    public static String nonFinite(float[] logits) {
        for (int i = 0; i < logits.length; i++) {
            if (!Float.isFinite(logits[i])) {
                return "logit " + i + " of " + logits.length + " is " + logits[i];
            }
        }
        return null;
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
    public record Classification(String label, double confidence, Map<String, Double> scores) {
    }
}
