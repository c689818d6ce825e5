package io.edgeinfer.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON object of one command, read field by field: a missing or mistyped field is refused with
 * its name ({@code bad_request}), and so is a field nobody reads (a typo must not be ignored).
 */
public final class CommandBody {
    /** Members every command may carry. */
    private static final Set<String> COMMON = Set.of("request_id", "auth");

    private final JsonNode node;
    private final Set<String> read = new HashSet<>(COMMON);

    public CommandBody(JsonNode node) {
        this.node = node;
    }

    public JsonNode node() {
        return node;
    }

    public boolean has(String key) {
        read.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    public JsonNode get(String key) {
        read.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    /** A required string, matching {@code pattern} when given ({@code what} describes it). */
    public String string(String key, Pattern pattern, String what) throws CommandException {
        String s = optString(key, pattern, what);
        if (s == null) {
            throw bad(key, "is required (" + what + ")");
        }
        return s;
    }

    public String optString(String key, Pattern pattern, String what) throws CommandException {
        JsonNode v = get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw bad(key, "must be a string (" + what + ")");
        }
        if (pattern != null && !pattern.matcher(v.asText()).matches()) {
            throw bad(key, "must be " + what + ", got '" + abbreviate(v.asText()) + "'");
        }
        return v.asText();
    }

    public int integer(String key, int min, int max) throws CommandException {
        JsonNode v = get(key);
        if (v == null) {
            throw bad(key, "is required (a whole number " + min + "-" + max + ")");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw bad(key, "must be a whole number " + min + "-" + max + ", got " + abbreviate(v.toString()));
        }
        return v.asInt();
    }

    /** Refuses members no handler asked for. */
    public void rejectUnknown() throws CommandException {
        List<String> unknown = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String n = it.next();
            if (!read.contains(n)) {
                unknown.add(n);
            }
        }
        if (!unknown.isEmpty()) {
            throw new CommandException("bad_request", "unknown field" + (unknown.size() > 1 ? "s " : " ")
                    + unknown.stream().map(CommandBody::abbreviate).toList());
        }
    }

    public static CommandException bad(String key, String message) {
        return new CommandException("bad_request", key + " " + message);
    }

    public static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
