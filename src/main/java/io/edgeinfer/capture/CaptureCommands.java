package io.edgeinfer.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.PipelineAddress;
import io.edgeinfer.control.Reply;
import io.edgeinfer.data.Sha256;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code cmd/capture} (docs/mqtt-api.md): {@code list} the kept items, {@code fetch} one in chunks
 * (like an inline model transfer, the other way), {@code delete} what was fetched. Signed like every
 * command when keys are trusted. It runs on the query thread: it touches only the capture store,
 * never the model or the config, so a fetch goes on while a model validates.
 */
public final class CaptureCommands {
    private static final Pattern ACTION = Pattern.compile("list|fetch|delete");
    private static final String ID_TEXT = "an item id (13 digits, '-', 8 hex digits), as list gives it";
    static final int DEFAULT_CHUNK = 64 * 1024;
    static final int MAX_CHUNK = 768 * 1024;

    private final Map<String, PipelineCapture> captures;
    private final List<String> ids;

    /** @param ids every pipeline of the device, in config order; @param captures those that capture */
    public CaptureCommands(Map<String, PipelineCapture> captures, List<String> ids) {
        this.captures = Map.copyOf(captures);
        this.ids = List.copyOf(ids);
    }

    /** The answer to {@code list}: a page of items, oldest first. */
    public record ListReply(String pipeline, List<Listed> items, boolean more, int totalItems, long totalBytes)
            implements
                Reply {
    }

    /** One listed item. */
    public record Listed(String id, long tsMs, long bytes) {
    }

    /** The answer to {@code fetch}: chunk {@code index} of {@code total}, and the whole item's size and sha256. */
    public record FetchReply(String pipeline, String id, int index, int total, long bytes, String sha256, String data)
            implements
                Reply {
    }

    /** The answer to {@code delete}. */
    public record DeleteReply(String pipeline, List<String> deleted, List<String> missing) implements Reply {
    }

    public Reply handle(CommandBody b, String requestId) throws CommandException {
        String action = b.string("action", ACTION, "list, fetch or delete");
        String pipeline = PipelineAddress.resolve(b, ids);
        PipelineCapture c = captures.get(pipeline);
        if (c == null) {
            throw new CommandException("not_enabled", "pipeline " + pipeline
                    + " does not capture (capture.enabled is false)");
        }
        CaptureStore store;
        try {
            store = c.store();
        } catch (IOException e) {
            throw new CommandException("io_error", e.getMessage(), e);
        }
        return switch (action) {
            case "list" -> list(b, pipeline, store);
            case "fetch" -> fetch(b, c, store);
            default -> delete(b, pipeline, store);
        };
    }

    private static Reply list(CommandBody b, String pipeline, CaptureStore store) throws CommandException {
        String after = b.optString("after", CaptureItem.ID, ID_TEXT);
        int limit = b.has("limit") ? b.integer("limit", 1, 1000) : 100;
        b.rejectUnknown();
        List<CaptureStore.Entry> page = store.list(after, limit + 1);
        List<Listed> items = page.stream().limit(limit).map(e -> new Listed(e.id(), e.tsMs(), e.bytes())).toList();
        return new ListReply(pipeline, items, page.size() > limit, store.items(), store.bytes());
    }

    private static Reply fetch(CommandBody b, PipelineCapture c, CaptureStore store) throws CommandException {
        String id = b.string("id", CaptureItem.ID, ID_TEXT);
        int index = b.has("index") ? b.integer("index", 0, Integer.MAX_VALUE) : 0;
        int chunk = b.has("chunk_bytes") ? b.integer("chunk_bytes", 256, MAX_CHUNK) : DEFAULT_CHUNK;
        b.rejectUnknown();
        byte[] bytes;
        try {
            bytes = store.read(id);
            c.checked(id, bytes);
        } catch (NoSuchFileException e) {
            throw new CommandException("not_found", "pipeline " + c.pipeline() + " keeps no item " + id
                    + " (deleted, or dropped to make room)");
        } catch (DamagedItemException e) {
            throw new CommandException("damaged", "item " + id + " is damaged on disk (" + e.getMessage()
                    + "); it was removed");
        } catch (IOException e) {
            throw new CommandException("io_error", "item " + id + " cannot be read: " + StoreSlot.describe(e), e);
        }
        int total = Math.max(1, (bytes.length + chunk - 1) / chunk);
        if (index >= total) {
            throw CommandBody.bad("index", "must be below " + total + " (the item has " + bytes.length
                    + " bytes in chunks of "
                    + chunk + ")");
        }
        byte[] part = Arrays.copyOfRange(bytes, index * chunk, Math.min(bytes.length, (index + 1) * chunk));
        return new FetchReply(c.pipeline(), id, index, total, bytes.length, Sha256.hex(bytes),
                Base64.getEncoder().encodeToString(part));
    }

    private static Reply delete(CommandBody b, String pipeline, CaptureStore store) throws CommandException {
        JsonNode list = b.get("ids");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > 1000) {
            throw CommandBody.bad("ids", "must be a list of 1-1000 item ids");
        }
        b.rejectUnknown();
        List<String> wanted = new ArrayList<>();
        for (JsonNode n : list) {
            if (!n.isTextual() || !CaptureItem.ID.matcher(n.asText()).matches()) {
                throw CommandBody.bad("ids", "must hold only item ids (" + ID_TEXT + "), got " + CommandBody.abbreviate(
                        n.toString()));
            }
            wanted.add(n.asText());
        }
        List<String> deleted = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String id : wanted) {
            try {
                (store.delete(id) ? deleted : missing).add(id);
            } catch (IOException e) {
                throw new CommandException("io_error", "item " + id + " cannot be deleted: " + StoreSlot.describe(e)
                        + " (deleted so far: " + deleted + ")", e);
            }
        }
        return new DeleteReply(pipeline, deleted, missing);
    }
}
