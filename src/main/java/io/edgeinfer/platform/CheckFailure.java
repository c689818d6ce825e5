package io.edgeinfer.platform;

import java.util.Objects;

/**
 * One failed start-up check.
 *
 * @param problem its kind, which decides the exit code
 * @param message what is wrong and what to do about it, for an operator
 */
public record CheckFailure(Problem problem, String message) {
    public CheckFailure {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return problem + " (exit " + problem.exitCode() + "): " + message;
    }
}
