package io.edgeinfer.bench;

import java.util.Arrays;

/** Ranking figures of a score that should be higher for abnormal windows than for normal ones. */
final class Roc {
    private Roc() {
    }

    /**
     * The area under the ROC curve: the chance that a random abnormal window scores above a random
     * normal one (ties count half), by the Mann-Whitney rank sum.
     */
    static double auc(double[] normal, double[] abnormal) {
        if (normal.length == 0 || abnormal.length == 0) {
            return Double.NaN;
        }
        int n = normal.length + abnormal.length;
        double[] all = new double[n];
        boolean[] isAbnormal = new boolean[n];
        Integer[] order = new Integer[n];
        System.arraycopy(normal, 0, all, 0, normal.length);
        System.arraycopy(abnormal, 0, all, normal.length, abnormal.length);
        for (int i = 0; i < n; i++) {
            order[i] = i;
            isAbnormal[i] = i >= normal.length;
        }
        Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
        double rankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && all[order[j + 1]] == all[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (isAbnormal[order[k]]) {
                    rankSum += rank;
                }
            }
            i = j + 1;
        }
        double u = rankSum - abnormal.length * (abnormal.length + 1) / 2.0;
        return u / ((double) abnormal.length * normal.length);
    }

    /** Share of {@code scores} above {@code threshold}. */
    static double above(double[] scores, double threshold) {
        if (scores.length == 0) {
            return Double.NaN;
        }
        long n = Arrays.stream(scores).filter(s -> s > threshold).count();
        return n / (double) scores.length;
    }
}
