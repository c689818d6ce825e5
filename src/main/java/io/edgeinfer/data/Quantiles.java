package io.edgeinfer.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Order statistics of measured values, with one definition of each for the whole project.
 *
 * <ul>
 *   <li><b>Percentile: nearest rank.</b> The p-th percentile of n values is the value of rank
 *       ceil(p / 100 × n) in ascending order: always a value that was measured (a p99 latency is a
 *       time one run really took), and a validator can tell early that a p99 is lost (once more
 *       than n − rank runs are over budget).
 *   <li><b>Median: the middle value</b>, or the mean of the two middle values for an even count
 *       (1, 1, 1, 9, 9, 9 has median 5). For an odd count it equals the nearest-rank p50.
 *   <li><b>Median element</b> ({@link #medianBy}): where a whole item must be reported (the median
 *       round of a bench), the item of rank n / 2 + 1 by its key, the upper middle for an even count.
 * </ul>
 *
 * No values have no statistic: {@code NaN}.
 */
public final class Quantiles {
    private Quantiles() {
    }

    /** p50, p95, p99 and the maximum of a set of values, in their unit. */
    public record Summary(int count, double p50, double p95, double p99, double max) {
    }

    /** The nearest rank (1-based) of the p-th percentile among {@code n} values; 0 for none. */
    public static int rank(int n, double p) {
        if (n == 0) {
            return 0;
        }
        return Math.max(1, Math.min(n, (int) Math.ceil(p / 100.0 * n)));
    }

    /** The p-th percentile (0 < p ≤ 100) of values sorted ascending. */
    public static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[rank(sorted.length, p) - 1];
    }

    /** The p-th percentile (0 < p ≤ 100) of values sorted ascending. */
    public static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[rank(sorted.length, p) - 1];
    }

    /** The summary of the first {@code n} of {@code values} (not changed; a sorted copy is taken). */
    public static Summary summary(long[] values, int n) {
        long[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        return new Summary(n, percentile(s, 50), percentile(s, 95), percentile(s, 99), n == 0 ? Double.NaN : s[n - 1]);
    }

    /** The median of {@code values} (not changed; a sorted copy is taken). */
    public static double median(double... values) {
        int n = values.length;
        if (n == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The median of {@code values}. */
    public static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The item whose key is the median (the upper middle one for an even count); null for none. */
    public static <T> T medianBy(List<T> items, ToDoubleFunction<? super T> key) {
        if (items.isEmpty()) {
            return null;
        }
        return items.stream().sorted(Comparator.comparingDouble(key)).toList().get(items.size() / 2);
    }
}
