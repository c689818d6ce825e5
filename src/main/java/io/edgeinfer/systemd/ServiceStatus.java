package io.edgeinfer.systemd;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The one-line {@code STATUS=} text {@code systemctl status} shows: the model serving and the
 * inference rate since the previous line.
 */
public final class ServiceStatus {
    private final String model;
    private final LongSupplier inferences;
    private final LongSupplier dropped;
    private final LongSupplier nanoClock;
    private long lastCount;
    private long lastNanos;

    /**
     * @param model name and version of the model serving
     * @param inferences windows inferred so far
     * @param dropped windows dropped so far because the model fell behind
     * @param nanoClock monotonic time ({@code System::nanoTime} outside tests)
     */
    public ServiceStatus(String model, LongSupplier inferences, LongSupplier dropped, LongSupplier nanoClock) {
        this.model = model;
        this.inferences = inferences;
        this.dropped = dropped;
        this.nanoClock = nanoClock;
        this.lastCount = inferences.getAsLong();
        this.lastNanos = nanoClock.getAsLong();
    }

    /** The status line, with the rate measured since the previous call (or construction). */
    public synchronized String line() {
        long now = nanoClock.getAsLong();
        long count = inferences.getAsLong();
        double seconds = (now - lastNanos) / 1e9;
        double rate = seconds > 0 ? (count - lastCount) / seconds : 0;
        lastCount = count;
        lastNanos = now;
        return String.format(Locale.ROOT, "model %s: %.1f windows/s, %d inferred, %d dropped", model, rate, count,
                dropped.getAsLong());
    }
}
