package io.edgeinfer.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * One answer on {@code cmd/result} (docs/mqtt-api.md, "Common fields and the answer"): the fields
 * every answer has, then the command's own {@link Reply} members in the same JSON object.
 *
 * @param requestId as sent; null when the command could not be read
 * @param command the topic below {@code cmd/}
 * @param ok applied (or nothing to do); false: refused and nothing changed
 * @param error for people; null when ok
 * @param code machine-readable reason; only on a refusal
 * @param errors every config error of an {@code invalid_config} refusal; else absent
 * @param reply the command's own fields, or null
 */
public record CommandResult(
        String requestId,
        String command,
        boolean ok,
        long tsMs,
        String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) String code,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<FieldError> errors,
        @JsonUnwrapped Reply reply) {

    public static CommandResult ok(String requestId, String command, long tsMs, Reply reply) {
        return new CommandResult(requestId, command, true, tsMs, null, null, null, reply);
    }

    /** A refusal; {@code reply} may add fields a refusal still carries (an automatic rollback says so). */
    public static CommandResult refused(String requestId, String command, long tsMs, CommandException e, Reply reply) {
        List<FieldError> errors = e.errors().isEmpty() ? null : FieldError.of(e.errors());
        return new CommandResult(requestId, command, false, tsMs, e.getMessage(), e.code(), errors, reply);
    }
}
