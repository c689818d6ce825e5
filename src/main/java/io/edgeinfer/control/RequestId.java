package io.edgeinfer.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** The {@code request_id} every command carries and its answer echoes. */
final class RequestId {
    private static final Pattern PATTERN = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private RequestId() {}

    /** The command's request id, or null when it has no valid one. */
    static String of(JsonNode body) {
        JsonNode rid = body.get("request_id");
        return rid != null && rid.isTextual() && PATTERN.matcher(rid.asText()).matches() ? rid.asText() : null;
    }
}
