package io.edgeinfer.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A pipeline's capture in {@code telemetry} (docs/mqtt-api.md): what it holds, what it kept and lost
 * since start, whether it can write, and the last problem it met. Absent when capture is off.
 *
 * @param state {@code ok}, or {@code failing} while items cannot be written (the reason says why)
 * @param keptByReason items kept since start per reason (an item kept for two reasons counts for both)
 * @param droppedTotal windows chosen but lost because the capture thread was behind (its queue full)
 * @param rateLimitedTotal windows a reason chose beyond its rate limit
 * @param evictedTotal items dropped, oldest first, to stay within {@code max_items} and {@code max_bytes}
 * @param writeErrorsTotal items that could not be written (disk full, read-only, at the card's reserve)
 * @param damagedTotal items found damaged on disk when read, and removed
 * @param lastProblem the latest problem with its time, or null
 */
public record CaptureFigures(String state, String reason, int items, long bytes, long keptTotal,
        Map<String, Long> keptByReason, long droppedTotal, long rateLimitedTotal, long evictedTotal,
        long writeErrorsTotal, long damagedTotal, long uploadedTotal, long uploadErrorsTotal,
        @JsonInclude(JsonInclude.Include.ALWAYS) String lastProblem) {

    /** The part of it the retained {@code status} carries: whether capture can write, and why not. */
    public record State(String state, @JsonInclude(JsonInclude.Include.ALWAYS) String reason, long damagedTotal) {
    }
}
