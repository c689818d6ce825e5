package io.edgeinfer.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.control.client.ControlClient;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.mqtt.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code edgeinfer capture pull}: brings a pipeline's kept items home over {@code cmd/capture}. Each
 * item is fetched chunk by chunk, reassembled, checked against the size and sha256 the device gave
 * and read as an item, then written whole into the folder (as {@link CaptureExport} writes a stick).
 * With {@code delete}, the items of a page leave the device only once they are safe here, so a pull
 * cut short anywhere loses nothing and the next one resumes.
 */
public final class CapturePull {
    private static final int PAGE = 100;
    private static final int CHUNK = 64 * 1024;

    /** What one pull did. */
    public record Result(int fetched, int present, int deleted) {
    }

    private final ControlClient client;
    private final String pipeline;
    private final long timeoutMs;

    /** @param pipeline the pipeline to pull, or null on a device that runs one */
    public CapturePull(ControlClient client, String pipeline, long timeoutMs) {
        this.client = client;
        this.pipeline = pipeline;
        this.timeoutMs = timeoutMs;
    }

    /** @throws IOException the device did not answer, refused (its code and error), or the folder cannot be written */
    public Result pull(Path out, boolean delete) throws IOException, InterruptedException {
        Files.createDirectories(out);
        int fetched = 0;
        int present = 0;
        int deleted = 0;
        String after = null;
        boolean more = true;
        while (more) {
            ObjectNode list = body("list").put("limit", PAGE);
            if (after != null) {
                list.put("after", after);
            }
            JsonNode page = ask(list);
            List<String> safe = new ArrayList<>();
            for (JsonNode item : page.path("items")) {
                String id = item.path("id").asText();
                after = id;
                Path target = out.resolve(id + CaptureStore.SUFFIX);
                if (Files.isRegularFile(target) && isItem(target, id)) {
                    present++;
                } else if (fetch(id, target)) {
                    fetched++;
                } else {
                    continue; // gone from the device meanwhile, or damaged there (it removes those)
                }
                safe.add(id);
            }
            if (delete && !safe.isEmpty()) {
                deleted += delete(safe);
            }
            more = page.path("more").asBoolean();
        }
        return new Result(fetched, present, deleted);
    }

    private static boolean isItem(Path file, String id) throws IOException {
        try {
            CaptureItem.read(Files.readAllBytes(file), id);
            return true;
        } catch (DamagedItemException e) {
            return false;
        }
    }

    /** Fetches item {@code id} into {@code target}; false when the device no longer holds it. */
    private boolean fetch(String id, Path target) throws IOException, InterruptedException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        JsonNode first = null;
        for (int index = 0; first == null || index < first.path("total").asInt(); index++) {
            JsonNode chunk = answer(body("fetch").put("id", id).put("index", index).put("chunk_bytes", CHUNK));
            String code = chunk.path("code").asText("");
            if (code.equals("not_found") || code.equals("damaged")) {
                return false;
            }
            refused(chunk);
            if (first == null) {
                first = chunk;
            } else if (!first.path("sha256").equals(chunk.path("sha256"))) {
                throw new IOException("item " + id + " changed on the device while it was fetched");
            }
            whole.write(Base64.getDecoder().decode(chunk.path("data").asText()));
        }
        byte[] bytes = whole.toByteArray();
        if (bytes.length != first.path("bytes").asLong() || !Sha256.hex(bytes).equals(first.path("sha256").asText())) {
            throw new IOException("item " + id + " arrived with " + bytes.length
                    + " bytes not matching the size and sha256"
                    + " the device gave; nothing was written or deleted");
        }
        try {
            CaptureItem.read(bytes, id);
        } catch (DamagedItemException e) {
            throw new IOException("item " + id + " is not a capture item: " + e.getMessage());
        }
        CaptureExport.writeWhole(target, bytes, id);
        return true;
    }

    private int delete(List<String> ids) throws IOException, InterruptedException {
        ObjectNode cmd = body("delete");
        ArrayNode list = cmd.putArray("ids");
        ids.forEach(list::add);
        return ask(cmd).path("deleted").size();
    }

    private ObjectNode body(String action) {
        ObjectNode b = Json.mapper().createObjectNode().put("action", action);
        if (pipeline != null) {
            b.put("pipeline", pipeline);
        }
        return b;
    }

    /** The device's answer, refused or not. */
    private JsonNode answer(ObjectNode cmd) throws IOException, InterruptedException {
        String requestId;
        try {
            requestId = client.send("capture", cmd);
        } catch (Exception e) {
            throw new IOException("cmd/capture cannot be sent: " + e.getMessage(), e);
        }
        JsonNode r = client.await(requestId, "capture", timeoutMs);
        if (r == null) {
            throw new IOException("no answer to cmd/capture " + cmd.path("action").asText() + " within " + timeoutMs
                    / 1000
                    + " s (is the device online, its remote control on, and --prefix its mqtt.topic_prefix?)");
        }
        return r;
    }

    private JsonNode ask(ObjectNode cmd) throws IOException, InterruptedException {
        return refused(answer(cmd));
    }

    private static JsonNode refused(JsonNode r) throws IOException {
        if (!r.path("ok").asBoolean()) {
            throw new IOException("the device refused: " + r.path("code").asText() + ": " + r.path("error").asText());
        }
        return r;
    }
}
