package io.edgeinfer.control;

/**
 * A reply whose command acts once its answer is queued ({@code cmd/restart} stops the daemon, and the
 * stop drains the outbox, so the answer goes out first).
 */
public interface AfterAnswer extends Reply {
    void afterAnswer();
}
