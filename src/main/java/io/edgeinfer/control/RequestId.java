package io.edgeinfer.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.regex.Pattern;

/** The {@code request_id} every command carries and its answer echoes. */
final class RequestId {
    private static final Pattern PATTERN = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final JsonFactory JSON = new JsonFactory();

    private RequestId() {
    }

    /** The command's request id, or null when it has no valid one. */
    static String of(JsonNode body) {
        JsonNode rid = body.get("request_id");
        return rid != null && rid.isTextual() && PATTERN.matcher(rid.asText()).matches() ? rid.asText() : null;
    }

    /**
     * The request id of a command that will not be run (turned away as busy), read cheaply on the
     * MQTT client's thread: the top-level members are scanned, nested values skipped unread. Null
     * when the payload is no JSON object or has no valid id.
     */
    static String peek(byte[] payload) {
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("request_id".equals(name)) {
                    return value == JsonToken.VALUE_STRING && PATTERN.matcher(p.getText()).matches()
                            ? p.getText()
                            : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
