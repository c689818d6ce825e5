package io.edgeinfer.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What the compression pipeline (models/python/edgecompress) measured about a model, read from the
 * {@code NAME.json} beside {@code NAME.pt}. Labels and input shape are required; every other
 * figure is optional (null when absent), so a hand-written manifest with just those two works.
 *
 * @param inputShape the model's input, batch first, e.g. {@code [1, 3, 256]}
 * @param quantizedBackend the quantized engine the int8 model was made for ({@code qnnpack},
 *     {@code onednn}, {@code x86}, {@code fbgemm}), null for a float model
 * @param golden inputs with the label (and logits) the model gave for them when it was made
 */
public record ModelManifest(
        Path file,
        String name,
        String version,
        List<Long> inputShape,
        List<String> labels,
        Long params,
        Long nonzeroParams,
        Long macs,
        Long sizeBytes,
        String sha256,
        Double accuracy,
        String quantizedBackend,
        List<GoldenSample> golden) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ModelManifest {
        inputShape = List.copyOf(inputShape);
        labels = List.copyOf(labels);
        golden = List.copyOf(golden);
    }

    /** One replayable input and the output the model gave for it when it was made. */
    public record GoldenSample(String label, float[] input, float[] logits) {
    }

    /** The manifest path for a model file: same folder, same stem, {@code .json}. */
    public static Path pathFor(Path model) {
        String n = model.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return model.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".json");
    }

    /** The manifest beside {@code model}, or empty when there is none. */
    public static Optional<ModelManifest> besides(Path model) throws ManifestException {
        Path json = pathFor(model);
        return Files.isRegularFile(json) ? Optional.of(read(json)) : Optional.empty();
    }

    /** Reads and checks a manifest; the message names the file and the field at fault. */
    public static ModelManifest read(Path json) throws ManifestException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json.toFile());
        } catch (JsonProcessingException e) {
            // The parser's message quotes the text it choked on: say where, never what (a config may
            // name any file, and config errors go back to whoever sent the config).
            JsonLocation at = e.getLocation();
            throw new ManifestException("manifest " + json + " is not readable JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new ManifestException("manifest " + json + " cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ManifestException("manifest " + json + " must be a JSON object");
        }
        List<String> labels = strings(root.get("labels"));
        if (labels == null || labels.isEmpty()) {
            throw new ManifestException("manifest " + json + ": 'labels' must be a non-empty list of strings");
        }
        JsonNode input = root.path("input");
        List<Long> shape = positiveLongs(input.get("shape"));
        if (shape == null || shape.size() < 2) {
            throw new ManifestException("manifest " + json + ": 'input.shape' must list at least 2 positive sizes");
        }
        String dtype = input.path("dtype").asText("float32");
        if (!"float32".equals(dtype)) {
            throw new ManifestException("manifest " + json
                    + ": 'input.dtype' must be float32 (the only input type supported)");
        }
        JsonNode q = root.get("quantized");
        String backend = q != null && q.isObject() && q.hasNonNull("backend") ? q.get("backend").asText() : null;
        return new ModelManifest(json, text(root, "name"), text(root, "version"), shape, labels, number(root, "params"),
                number(root, "nonzero_params"), number(root, "macs"), number(root, "size_bytes"), text(root, "sha256"),
                root.path("accuracy").isNumber() ? root.get("accuracy").asDouble() : null, backend,
                golden(root.get("golden"), shape, json));
    }

    /** Elements per sample, without the batch dimension. */
    public long sampleElements() {
        long n = 1;
        for (int i = 1; i < inputShape.size(); i++) {
            n *= inputShape.get(i);
        }
        return n;
    }

    private static List<GoldenSample> golden(JsonNode list, List<Long> shape, Path json) throws ManifestException {
        List<GoldenSample> out = new ArrayList<>();
        if (list == null || !list.isArray()) {
            return out;
        }
        long elements = shape.stream().reduce(1L, (a, b) -> a * b);
        for (JsonNode g : list) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(g.path("input_f32le_base64").asText(""));
            } catch (IllegalArgumentException e) {
                throw new ManifestException("manifest " + json + ": a golden input is not base64", e);
            }
            if (raw.length != elements * Float.BYTES) {
                throw new ManifestException("manifest " + json + ": a golden input has " + raw.length / Float.BYTES
                        + " values, the input shape " + shape + " needs " + elements);
            }
            float[] x = new float[(int) elements];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x);
            JsonNode z = g.path("logits");
            float[] logits = new float[z.size()];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) z.get(i).asDouble();
            }
            out.add(new GoldenSample(g.path("label").asText(), x, logits));
        }
        return out;
    }

    private static List<String> strings(JsonNode n) {
        if (n == null || !n.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : n) {
            if (!v.isTextual() || v.asText().isBlank()) {
                return null;
            }
            out.add(v.asText());
        }
        return out;
    }

    private static List<Long> positiveLongs(JsonNode n) {
        if (n == null || !n.isArray()) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (JsonNode v : n) {
            if (!v.isIntegralNumber() || v.asLong() < 1) {
                return null;
            }
            out.add(v.asLong());
        }
        return out;
    }

    private static String text(JsonNode root, String key) {
        return root.hasNonNull(key) ? root.get(key).asText() : null;
    }

    private static Long number(JsonNode root, String key) {
        return root.path(key).isIntegralNumber() ? root.get(key).asLong() : null;
    }
}
