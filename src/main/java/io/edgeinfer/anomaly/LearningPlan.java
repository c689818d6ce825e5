package io.edgeinfer.anomaly;

import io.edgeinfer.config.AnomalyConfig;

/**
 * What a false-alarm budget asks of learning (docs/anomaly.md, "How much learning"). The threshold
 * sits at the score exceeded by one window in {@code 1 / perWindowProbability}; a tail fit may
 * extrapolate at most {@link #MAX_EXTRAPOLATION} times beyond what the learning windows show
 * directly, and overlapping windows count as {@code hop / size} of an independent one.
 *
 * @param windowsPerDay windows the stream makes in a day
 * @param perWindowProbability the budget per window: false alarms per day over windows per day
 * @param windowsNeeded good windows the budget needs
 * @param targetWindows good windows learning waits for: {@code learn_windows}, else windowsNeeded
 * @param learnS the least time learning lasts, seconds (0: none)
 */
record LearningPlan(double windowsPerDay, double perWindowProbability, int windowsNeeded, int targetWindows,
        double learnS) {
    /** Even a lax budget wants a tail of 100 exceedances (10 % of this) to fit. */
    static final int MIN_EFFECTIVE_WINDOWS = 1000;
    static final double MAX_EXTRAPOLATION = 100;

    static LearningPlan of(AnomalyConfig c, double rateHz, int size, int hop) {
        double perDay = 86_400 * rateHz / hop;
        double p = Math.min(0.5, c.falseAlarmsPerDay() / perDay);
        double independent = Math.min(1, hop / (double) size);
        double effective = Math.max(MIN_EFFECTIVE_WINDOWS, 1 / (MAX_EXTRAPOLATION * p));
        int needed = (int) Math.min(Integer.MAX_VALUE, Math.ceil(effective / independent));
        return new LearningPlan(perDay, p, needed, c.learnWindows() > 0 ? c.learnWindows() : needed, c.learnS());
    }

    boolean sufficient(long learnedWindows) {
        return learnedWindows >= windowsNeeded;
    }
}
