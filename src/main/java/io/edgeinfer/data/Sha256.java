package io.edgeinfer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests as the project writes them: 64 lowercase hex digits (model files, config hashes,
 * key ids). Files are read in blocks, never whole, so a model of any size hashes in constant memory.
 */
public final class Sha256 {
    private static final int BLOCK = 64 * 1024;

    private Sha256() {
    }

    /** A fresh digest, for hashing while copying; finish it with {@link #hex(MessageDigest)}. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The 32 digest bytes of {@code bytes}. */
    public static byte[] digest(byte[] bytes) {
        return newDigest().digest(bytes);
    }

    /** The hex digest of {@code bytes}. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    /** The hex digest of a whole file. */
    public static String hex(Path file) throws IOException {
        MessageDigest d = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BLOCK];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                d.update(buf, 0, n);
            }
        }
        return hex(d);
    }

    /** Completes {@code running} (from {@link #newDigest()}) and returns its hex digest. */
    public static String hex(MessageDigest running) {
        return HexFormat.of().formatHex(running.digest());
    }
}
