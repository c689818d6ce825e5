package io.edgeinfer.control.deploy;

import io.edgeinfer.control.CommandException;
import io.edgeinfer.data.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.UUID;

/** Copies a stream into a new temporary file of the model store, hashing it and enforcing the size limit. */
final class LimitedCopy {
    private LimitedCopy() {
    }

    static Path tempFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        return dir.resolve(".incoming-" + UUID.randomUUID() + ".pt");
    }

    /** @throws CommandException {@code too_large} past {@code maxBytes}; the partial file is removed */
    static Fetched copy(InputStream in, Path dir, long maxBytes, String what) throws IOException, CommandException {
        Path tmp = tempFile(dir);
        MessageDigest sha = Sha256.newDigest();
        long total = 0;
        boolean ok = false;
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(what, maxBytes);
                }
                sha.update(buf, 0, n);
                out.write(buf, 0, n);
            }
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
        return new Fetched(tmp, Sha256.hex(sha), total, null);
    }

    static CommandException tooLarge(String what, long maxBytes) {
        return new CommandException("too_large", what + " is larger than control.max_model_bytes (" + maxBytes
                + " bytes)");
    }
}
