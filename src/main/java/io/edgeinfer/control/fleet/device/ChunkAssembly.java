package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.data.Sha256;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.BitSet;

/**
 * A model arriving in retained chunks (docs/fleet.md, "Model transfer"): each piece is written at its
 * place in {@code SHA256.part}; once every piece is there and the whole has the announced size and
 * digest, the file becomes {@code SHA256.pt} beside it. Pieces of the wrong size are refused, and a
 * model larger than {@code control.max_model_bytes} is refused before the first piece.
 */
final class ChunkAssembly {
    private final Path part;
    private final Path done;
    private final String sha256;
    private final DesiredState.Chunks chunks;
    private final BitSet received = new BitSet();

    /**
     * @param dir where models of rollouts are kept ({@code control.model_dir/fleet})
     * @throws CommandException {@code too_large} when the model is over {@code maxBytes}
     */
    ChunkAssembly(Path dir, String sha256, DesiredState.Chunks chunks, long maxBytes) throws CommandException {
        if (chunks.bytes() > maxBytes) {
            throw new CommandException("too_large", "the model is " + chunks.bytes()
                    + " bytes; control.max_model_bytes is "
                    + maxBytes);
        }
        this.sha256 = sha256;
        this.chunks = chunks;
        this.part = dir.resolve(sha256 + ".part");
        this.done = dir.resolve(sha256 + ".pt");
    }

    /** Where the finished model lies. */
    Path file() {
        return done;
    }

    /** Whether the finished model is already there (a shadow stage brought it), checked by its digest. */
    boolean alreadyThere() {
        try {
            return Files.isRegularFile(done) && Files.size(done) == chunks.bytes() && digest(done).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }

    void accept(int index, byte[] data) throws CommandException, IOException {
        if (index < 0 || index >= chunks.count()) {
            throw new CommandException("chunk_mismatch", "chunk " + index + " of a model in " + chunks.count()
                    + " chunks");
        }
        long offset = (long) index * chunks.chunkBytes();
        long expected = Math.min(chunks.chunkBytes(), chunks.bytes() - offset);
        if (data.length != expected) {
            throw new CommandException("chunk_mismatch", "chunk " + index + " has " + data.length + " bytes, "
                    + expected
                    + " expected");
        }
        Files.createDirectories(part.getParent());
        try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
            f.seek(offset);
            f.write(data);
        }
        received.set(index);
    }

    boolean complete() {
        return received.cardinality() == chunks.count();
    }

    int missing() {
        return chunks.count() - received.cardinality();
    }

    /** Checks the whole and puts it in place; a mismatch removes the pieces. */
    Path finish() throws CommandException, IOException {
        String got = digest(part);
        if (!got.equals(sha256)) {
            discard();
            throw new CommandException("sha256_mismatch", "the chunks assemble to sha256 " + got
                    + ", the desired state says "
                    + sha256);
        }
        Files.move(part, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return done;
    }

    void discard() {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // removed with the model folder's next clean-up
        }
    }

    private static String digest(Path file) throws IOException {
        return Sha256.hex(file);
    }
}
