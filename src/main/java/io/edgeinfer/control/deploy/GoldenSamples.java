package io.edgeinfer.control.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.model.ModelManifest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Inputs with known labels that a new model must get right before it serves. They come inline in
 * the {@code model} command or from the {@code golden} field of the model's manifest
 * ({@code NAME.json} beside {@code NAME.pt}, read by {@link ModelManifest}). Both spellings are read: a list of
 * {@code {"input": [...], "label": "..."}} (also {@code inputs}/{@code x}, {@code expected}/{@code y};
 * a label may be its index), or {@code {"inputs": [[...], ...], "labels": [...]}}. An input may be
 * nested ({@code [3][256]} or {@code [1][3][256]}): it is read in row-major order, the window layout.
 * The compression pipeline's manifests (models/python/edgecompress) write
 * {@code input_f32le_base64}: the floats as little-endian bytes, base64.
 */
final class GoldenSamples {
    static final int MAX = 1000;
    private static final String[] INPUT_KEYS = {"input", "inputs", "x", "data", "window"};
    private static final String[] LABEL_KEYS = {"label", "expected", "expected_label", "y"};

    /** One sample: the window's values channel by channel, and its expected label. */
    record Sample(float[] input, String label) {
    }

    private GoldenSamples() {
    }

    /**
     * @param where names the source in errors ({@code golden} or {@code manifest golden})
     * @param values channels x window size
     */
    static List<Sample> parse(JsonNode node, List<String> labels, int values, String where) throws CommandException {
        List<Sample> out = new ArrayList<>();
        if (node.isObject() && node.has("inputs")) {
            JsonNode inputs = node.get("inputs");
            JsonNode expected = first(node, "labels", "expected", "y");
            if (!inputs.isArray() || expected == null || !expected.isArray() || expected.size() != inputs.size()) {
                throw bad(where, "needs 'inputs' and 'labels' lists of the same length");
            }
            for (int i = 0; i < inputs.size(); i++) {
                out.add(sample(inputs.get(i), expected.get(i), labels, values, where + "[" + i + "]"));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode s = node.get(i);
                String at = where + "[" + i + "]";
                if (!s.isObject()) {
                    throw bad(at, "must be an object {input, label}");
                }
                JsonNode input = s.hasNonNull("input_f32le_base64")
                        ? floats(s.get("input_f32le_base64"), at)
                        : first(s, INPUT_KEYS);
                out.add(sample(input, first(s, LABEL_KEYS), labels, values, at));
            }
        } else {
            throw bad(where, "must be a list of {input, label} or {inputs, labels}");
        }
        if (out.size() > MAX) {
            throw bad(where, "has " + out.size() + " samples; at most " + MAX);
        }
        return out;
    }

    /** The golden samples of a compression-pipeline manifest, checked against the pipeline like inline ones. */
    static List<Sample> fromManifest(List<ModelManifest.GoldenSample> golden, List<String> labels, int values,
            String where) throws CommandException {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < golden.size() && i < MAX; i++) {
            ModelManifest.GoldenSample g = golden.get(i);
            String at = where + "[" + i + "]";
            if (g.input().length != values) {
                throw bad(at, "input has " + g.input().length + " values; the pipeline's inputs have " + values);
            }
            if (!labels.contains(g.label())) {
                throw bad(at, "label \"" + g.label() + "\" is not one of " + labels);
            }
            out.add(new Sample(g.input(), g.label()));
        }
        return out;
    }

    private static Sample sample(JsonNode input, JsonNode label, List<String> labels, int values, String at)
            throws CommandException {
        if (input == null || label == null) {
            throw bad(at, "needs an input and a label");
        }
        float[] x = new float[values];
        int n = flatten(input, x, 0, at, 0);
        if (n != values) {
            throw bad(at, "input has " + n + " values; the pipeline's windows have " + values
                    + " (the product of the input dims: channels x window.size, or 3 x height x width)");
        }
        String name;
        if (label.isIntegralNumber()) {
            int i = label.asInt();
            if (i < 0 || i >= labels.size()) {
                throw bad(at, "label index " + i + " is outside 0-" + (labels.size() - 1));
            }
            name = labels.get(i);
        } else if (label.isTextual() && labels.contains(label.asText())) {
            name = label.asText();
        } else {
            throw bad(at, "label " + CommandBody.abbreviate(label.toString()) + " is not one of " + labels);
        }
        return new Sample(x, name);
    }

    /** Little-endian float32 bytes, base64, as a JSON array (so one path reads every spelling). */
    private static JsonNode floats(JsonNode b64, String at) throws CommandException {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64.asText());
        } catch (IllegalArgumentException e) {
            throw bad(at, "input_f32le_base64 is not base64");
        }
        if (raw.length % Float.BYTES != 0) {
            throw bad(at, "input_f32le_base64 is not a whole number of float32 values");
        }
        FloatBuffer f = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        while (f.hasRemaining()) {
            a.add(f.get());
        }
        return a;
    }

    private static int flatten(JsonNode v, float[] into, int at, String where, int depth) throws CommandException {
        if (depth > 4) {
            throw bad(where, "input nests deeper than 4 levels");
        }
        if (v.isNumber()) {
            if (at < into.length) {
                into[at] = v.floatValue();
            }
            return at + 1;
        }
        if (!v.isArray()) {
            throw bad(where, "input must hold numbers only");
        }
        int n = at;
        for (JsonNode item : v) {
            n = flatten(item, into, n, where, depth + 1);
        }
        return n;
    }

    private static JsonNode first(JsonNode o, String... keys) {
        for (String k : keys) {
            if (o.hasNonNull(k)) {
                return o.get(k);
            }
        }
        return null;
    }

    private static CommandException bad(String where, String message) {
        return new CommandException("bad_golden", where + " " + message);
    }
}
