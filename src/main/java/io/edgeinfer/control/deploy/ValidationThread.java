package io.edgeinfer.control.deploy;

import io.edgeinfer.control.CommandException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a model's loading and validation on its own thread ({@code edgeinfer-validate}) and waits for
 * it at most {@code control.validation.timeout_s}. A model whose call hangs cannot be stopped (it is
 * native code), so past the bound the validation is abandoned: the command is refused, the thread is
 * left to finish (its model is closed if it ever does) and, while it has not, further validations
 * are refused at once rather than queued behind it. Closing cancels the wait in progress, so a
 * stopping daemon does not wait for a hung model.
 */
final class ValidationThread implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "edgeinfer-validate");
        t.setDaemon(true);
        return t;
    });
    private volatile CompletableFuture<ModelValidator.Validated> waiting;
    private volatile Future<?> stuck;
    private volatile String stuckWhat;
    private volatile boolean closed;

    /**
     * The hand-over from the validation thread to the waiting one. Delivering and abandoning exclude
     * each other, so a model that passes at the moment its waiter gives up is closed by one of them.
     */
    private static final class Handoff {
        private final CompletableFuture<ModelValidator.Validated> result = new CompletableFuture<>();
        private boolean abandoned;

        synchronized void deliver(ModelValidator.Validated v) {
            if (abandoned || !result.complete(v)) {
                v.runner().close();
            }
        }

        synchronized void abandon() {
            abandoned = true;
            if (result.isDone() && !result.isCompletedExceptionally()) {
                result.join().runner().close();
            }
        }
    }

    /** @param what the model, for the refusal ("vibration-mlp 2.0.0") */
    ModelValidator.Validated run(Callable<ModelValidator.Validated> task, double timeoutS, String what)
            throws CommandException {
        Future<?> s = stuck;
        if (s != null && !s.isDone()) {
            throw new CommandException("validation_stuck", "the validation of " + stuckWhat
                    + " passed its time limit and "
                    + "is still stuck in the model (native code cannot be stopped); restart the daemon (cmd/restart) "
                    + "before validating another model");
        }
        Handoff handoff = new Handoff();
        // Waiting is published before the work starts, so a close from now on cancels this wait.
        waiting = handoff.result;
        Future<?> running;
        try {
            if (closed) {
                throw new RejectedExecutionException("closed");
            }
            running = thread.submit(() -> work(task, handoff));
        } catch (RejectedExecutionException e) {
            waiting = null;
            throw cancelled(what);
        }
        try {
            return handoff.result.get((long) (timeoutS * 1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandon(handoff, running, what);
            throw new CommandException("validation_timeout", what + " did not finish loading and validation within "
                    + "control.validation.timeout_s (" + timeoutS + " s): refused");
        } catch (CancellationException e) {
            abandon(handoff, running, what);
            throw cancelled(what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(handoff, running, what);
            throw cancelled(what);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } finally {
            waiting = null;
        }
    }

    private static void work(Callable<ModelValidator.Validated> task, Handoff handoff) {
        try {
            handoff.deliver(task.call());
        } catch (Throwable t) {
            handoff.result.completeExceptionally(t);
        }
    }

    private void abandon(Handoff handoff, Future<?> running, String what) {
        handoff.abandon();
        if (!running.isDone()) {
            stuckWhat = what;
            stuck = running;
        }
    }

    private static CommandException cancelled(String what) {
        return new CommandException("cancelled", "the daemon is stopping: the validation of " + what
                + " was abandoned");
    }

    private static CommandException rethrown(Throwable cause) {
        if (cause instanceof CommandException c) {
            return c;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new CommandException("internal_error", "validation failed: " + cause, cause);
    }

    /** Cancels the wait in progress; the stuck thread, if any, is left to the process exit. */
    @Override
    public void close() {
        closed = true;
        CompletableFuture<ModelValidator.Validated> w = waiting;
        if (w != null) {
            w.cancel(false);
        }
        thread.shutdownNow();
    }
}
