package io.edgeinfer.control.fleet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.edgeinfer.control.CanonicalJson;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a desired-state document and says everything that is wrong with it in one refusal
 * ({@code bad_document}). Members it does not know are ignored, as in every payload of the MQTT
 * API: a newer operator may add some. A document of another schema version is refused whole.
 */
public final class DesiredStateReader {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectReader READER = Json.mapper().readerFor(DesiredState.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DesiredStateReader() {
    }

    /**
     * @param group the group whose topic it came on: a document for another group is refused
     * @return the document, and its parsed tree (for the signature check)
     */
    public static DesiredState read(String group, byte[] payload) throws CommandException {
        JsonNode tree;
        try {
            tree = CanonicalJson.parse(payload);
        } catch (IOException e) {
            throw new CommandException("bad_document", "desired state is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new CommandException("bad_document", "desired state is a JSON object");
        }
        if (!DesiredState.SCHEMA.equals(tree.path("schema").asText(null))) {
            throw new CommandException("bad_document", "desired state schema is '" + tree.path("schema").asText("")
                    + "', this device reads " + DesiredState.SCHEMA);
        }
        DesiredState d;
        try {
            d = READER.readValue(tree);
        } catch (MismatchedInputException e) {
            throw new CommandException("bad_document", "desired state: " + path(e) + " has the wrong type");
        } catch (ValueInstantiationException e) {
            throw new CommandException("bad_document", "desired state: " + path(e) + ": " + e.getCause().getMessage());
        } catch (IOException e) {
            throw new CommandException("bad_document", "desired state cannot be read: " + e.getMessage().lines()
                    .findFirst().orElse(""));
        }
        List<String> errors = check(d, group);
        if (!errors.isEmpty()) {
            throw new CommandException("bad_document", "desired state: " + String.join("; ", errors));
        }
        return d;
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return b.isEmpty() ? "a member" : b.toString();
    }

    static List<String> check(DesiredState d, String group) {
        List<String> e = new ArrayList<>();
        if (!group.equals(d.group())) {
            e.add("group is '" + d.group() + "' but it came on group " + group + "'s topic");
        }
        require(e, d.rolloutId() != null && ID.matcher(d.rolloutId()).matches(),
                "rollout_id must be 1-64 of A-Z a-z 0-9 _ . - "
                        + "(not starting with _ . -)");
        require(e, d.revision() > 0, "revision must be a positive whole number");
        require(e, d.phase() != null, "phase is required (running, complete, aborted)");
        require(e, d.pipeline() == null || ID.matcher(d.pipeline()).matches(), "pipeline must be a pipeline id");
        require(e, !d.stages().isEmpty(), "stages must list at least one stage");
        require(e, d.stages().stream().allMatch(s -> s != null && s.kind() != null && s.percent() > 0 && s
                .percent() <= 100),
                "every stage needs a kind (shadow, serve) and a percent above 0 and at most 100");
        require(e, d.stage() >= 0 && d.stage() < Math.max(1, d.stages().size()), "stage must index stages (0-"
                + Math.max(0, d.stages().size() - 1) + ")");
        boolean shadows = d.stages().stream().anyMatch(s -> s != null && s.kind() == Stage.Kind.SHADOW);
        require(e, !shadows || (d.shadow() != null && d.shadow().windows() > 0 && d.shadow().maxS() > 0),
                "shadow {windows, max_s} (both above 0) is required with a shadow stage");
        if (d.plan() != null && d.plan().gate() != null) {
            try {
                Gate.parse(d.plan().gate());
            } catch (IllegalArgumentException x) {
                e.add("plan.gate: " + x.getMessage());
            }
        }
        checkModel(e, d.model());
        require(e, d.previous() == null || d.previous().sha256() != null && SHA256.matcher(d.previous().sha256())
                .matches(),
                "previous.sha256 must be 64 lowercase hex digits");
        return e;
    }

    private static void checkModel(List<String> e, DesiredState.ModelSpec m) {
        if (m == null) {
            e.add("model is required");
            return;
        }
        require(e, m.name() != null && SAFE.matcher(m.name()).matches(),
                "model.name must be 1-64 of A-Z a-z 0-9 _ . -");
        require(e, m.version() != null && SAFE.matcher(m.version()).matches(),
                "model.version must be 1-64 of A-Z a-z 0-9 _ . -");
        require(e, m.sha256() != null && SHA256.matcher(m.sha256()).matches(),
                "model.sha256 must be 64 lowercase hex digits");
        require(e, (m.url() == null) != (m.chunks() == null), "model needs exactly one of url and chunks");
        DesiredState.Chunks c = m.chunks();
        require(e, c == null || (c.count() > 0 && c.chunkBytes() > 0 && c.bytes() > 0
                && c.bytes() <= (long) c.count() * c.chunkBytes() && c.bytes() > (long) (c.count() - 1) * c
                        .chunkBytes()),
                "model.chunks needs count, chunk_bytes and bytes that agree (count - 1 full chunks and one more)");
        require(e, m.labels() == null || (!m.labels().isEmpty() && m.labels().stream().allMatch(l -> l != null && !l
                .isBlank())),
                "model.labels must be a list of label names");
        require(e, m.golden() == null || m.golden().isArray() || m.golden().isObject(),
                "model.golden must be a list of "
                        + "{input, label} or {inputs, labels}");
    }

    private static void require(List<String> errors, boolean ok, String message) {
        if (!ok) {
            errors.add(message);
        }
    }
}
