package io.edgeinfer.control.deploy;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.model.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Brings a model named by URL into {@code control.model_dir/installed} as a temporary file:
 * {@code file://} (only inside the model directory, symbolic links and {@code ..} resolved first),
 * {@code https://} (allow-listed hosts, see {@link HttpsFetcher}) or {@code chunks:ID} (an inline
 * transfer, see {@link ChunkTransfers}). Every way is bounded by {@code control.max_model_bytes}.
 */
public final class ModelFetcher {
    private final ChunkTransfers transfers;

    public ModelFetcher(ChunkTransfers transfers) {
        this.transfers = transfers;
    }

    Fetched fetch(String url, ControlConfig c) throws CommandException {
        Path incoming = c.modelDir().resolve(ModelStore.INSTALLED);
        if (url.startsWith("chunks:")) {
            String id = url.substring("chunks:".length());
            if (!ChunkTransfers.ID.matcher(id).matches()) {
                throw new CommandException("bad_url",
                        "chunks: URL needs a transfer id of 1-64 characters of A-Z a-z 0-9 _ -");
            }
            return transfers.take(id, c);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new CommandException("bad_url", "url is not a URI: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        try {
            return switch (scheme) {
                case "file" -> local(uri, c, incoming);
                case "https" -> HttpsFetcher.fetch(uri, c, incoming);
                default -> throw new CommandException("bad_url", "url must be file://, https:// or chunks:ID, got '"
                        + CommandBody.abbreviate(url) + "'");
            };
        } catch (IOException e) {
            throw new CommandException("io_error", "model cannot be stored in " + incoming + ": " + e.getMessage(), e);
        }
    }

    private static Fetched local(URI uri, ControlConfig c, Path incoming) throws CommandException, IOException {
        Path asked;
        try {
            asked = Path.of(uri);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new CommandException("bad_url", "not a local file URL (file:///absolute/path): " + e.getMessage());
        }
        Path real;
        Path root;
        try {
            root = c.modelDir().toRealPath();
            real = asked.toRealPath();
        } catch (NoSuchFileException e) {
            throw new CommandException("not_found", "no such file: " + e.getFile());
        }
        if (!real.startsWith(root)) {
            throw new CommandException("outside_model_dir", asked + " is outside control.model_dir " + root
                    + (real.equals(asked) ? "" : " (it resolves to " + real + ")"));
        }
        if (!Files.isRegularFile(real)) {
            throw new CommandException("not_found", asked + " is not a regular file");
        }
        long size = Files.size(real);
        if (size > c.maxModelBytes()) {
            throw LimitedCopy.tooLarge(asked + " (" + size + " bytes)", c.maxModelBytes());
        }
        Fetched f;
        try (InputStream in = Files.newInputStream(real)) {
            f = LimitedCopy.copy(in, incoming, c.maxModelBytes(), asked.toString()).withSource(real);
        }
        // The manifest goes beside the copy: the model is validated there, on the quantized engine
        // the manifest names, and installed with it (a rollback loads it on that engine again).
        Path manifest = ModelManifest.pathFor(real);
        if (Files.isRegularFile(manifest)) {
            try {
                Files.copy(manifest, ModelManifest.pathFor(f.file()));
            } catch (IOException e) {
                f.delete();
                throw e;
            }
        }
        return f;
    }
}
