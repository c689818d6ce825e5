package io.edgeinfer.control;

/**
 * What a command adds to its answer on {@code cmd/result}, besides the common fields of
 * {@link CommandResult}: one record per command (docs/mqtt-api.md, "Commands"), written with its
 * components as snake_case members of the same JSON object.
 */
public interface Reply {
}
