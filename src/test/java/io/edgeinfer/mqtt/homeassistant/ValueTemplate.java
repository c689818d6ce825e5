package io.edgeinfer.mqtt.homeassistant;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the only templates the discovery configs may use, {@code {{ value_json.a.b }}} and
 * {@code {{ value_json.a[i].b }}} (i may count from the end, as in Python), the way Home Assistant's
 * Jinja does: a string as it is, a number as Python prints it, null as {@code None} (which its MQTT
 * platforms read as an unknown state). A template of any other shape fails the test: keeping them this
 * simple is what lets a test check them without a Jinja engine.
 */
public final class ValueTemplate {
    private static final Pattern WHOLE = Pattern.compile(
            "^\\{\\{ value_json((?:\\.[a-z_][a-z0-9_]*|\\[-?\\d+\\])+) \\}\\}$");
    private static final Pattern STEP = Pattern.compile("\\.([a-z_][a-z0-9_]*)|\\[(-?\\d+)\\]");

    private ValueTemplate() {
    }

    /**
     * @return the rendered value
     * @throws AssertionError when the template is not of the simple shape, or names a field the
     *     message does not have (Jinja would render nothing, and Home Assistant log a warning)
     */
    public static String render(String template, JsonNode message) {
        Matcher whole = WHOLE.matcher(template);
        if (!whole.matches()) {
            throw new AssertionError("template '" + template
                    + "' is not of the form {{ value_json.a.b }} or {{ value_json.a[i].b }}");
        }
        JsonNode n = message;
        Matcher step = STEP.matcher(whole.group(1));
        while (step.find()) {
            if (step.group(1) != null) {
                n = n.get(step.group(1));
            } else {
                int i = Integer.parseInt(step.group(2));
                n = n.isArray() ? n.get(i < 0 ? n.size() + i : i) : null;
            }
            if (n == null) {
                throw new AssertionError("template '" + template + "' finds nothing in " + message);
            }
        }
        if (n.isNull()) {
            return "None";
        }
        if (n.isBoolean()) {
            return n.asBoolean() ? "True" : "False";
        }
        if (n.isIntegralNumber()) {
            return n.asText();
        }
        if (n.isNumber()) {
            // Python prints 0.97 and 1.5e-10 where Java prints 0.97 and 1.5E-10; either parses as a number.
            return Double.toString(n.asDouble()).replace('E', 'e');
        }
        if (n.isTextual()) {
            return n.asText();
        }
        return n.toString();
    }
}
