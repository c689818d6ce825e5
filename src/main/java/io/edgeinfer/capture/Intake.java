package io.edgeinfer.capture;

import io.edgeinfer.pipeline.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded hand-off between whoever chooses a window (the inference thread, a shadow model's
 * thread) and the capture thread that writes it. Choosing never waits: past a reason's rate limit
 * the window is counted and forgotten, and so is one the full queue has no room for.
 */
final class Intake implements CaptureTrigger {
    /** A window chosen for keeping, and why. */
    record Candidate(Prediction prediction, List<CaptureItem.Reason> reasons) {
    }

    private final BlockingQueue<Candidate> queue;
    private final RateLimits limits;
    private final Set<String> handedIn;
    private final CaptureStats stats;

    /** @param handedIn the reasons other parts may hand in (those the config leaves on) */
    Intake(int capacity, RateLimits limits, Set<String> handedIn, CaptureStats stats) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.limits = limits;
        this.handedIn = Set.copyOf(handedIn);
        this.stats = stats;
    }

    @Override
    public void keep(String reason, Prediction p, Map<String, Object> detail) {
        if (!handedIn.contains(reason)) {
            return;
        }
        if (!limits.take(reason)) {
            stats.rateLimited();
            return;
        }
        offer(new Candidate(p, List.of(new CaptureItem.Reason(reason, detail))));
    }

    /** The pipeline's own reasons for {@code p}, judged on the inference thread. */
    void judged(Prediction p, List<String> reasons) {
        List<CaptureItem.Reason> allowed = new ArrayList<>(reasons.size());
        for (String r : reasons) {
            if (limits.take(r)) {
                allowed.add(new CaptureItem.Reason(r, Map.of()));
            } else {
                stats.rateLimited();
            }
        }
        if (!allowed.isEmpty()) {
            offer(new Candidate(p, allowed));
        }
    }

    private void offer(Candidate c) {
        if (!queue.offer(c)) {
            stats.dropped();
        }
    }

    /** The next candidate, or null after {@code ms}. */
    Candidate poll(long ms) throws InterruptedException {
        return queue.poll(ms, TimeUnit.MILLISECONDS);
    }

    int waiting() {
        return queue.size();
    }
}
