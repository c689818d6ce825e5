package io.edgeinfer.control.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model file received into the model directory (not yet checked against anything).
 *
 * @param file a temporary file in {@code control.model_dir/installed}
 * @param sha256 hex digest of its bytes, computed while they arrived
 * @param source the local file it was copied from ({@code file://}), where a manifest may lie; else null
 */
record Fetched(Path file, String sha256, long bytes, Path source) {
    Fetched withSource(Path s) {
        return new Fetched(file, sha256, bytes, s);
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is removed with the next prune
        }
    }
}
