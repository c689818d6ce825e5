package io.edgeinfer.control;

import io.edgeinfer.config.ControlConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys as the JDK (17+) has them: generation, PEM files (PKCS#8 private, X.509 public, the
 * formats {@code openssl genpkey -algorithm ed25519} reads and writes), key ids, signing.
 */
public final class Ed25519Keys {
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private Ed25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK 17 has Ed25519", e);
        }
    }

    /** The id commands name their key by (see {@link ControlConfig.TrustedKey#idOf}). */
    public static String keyId(PublicKey key) {
        return ControlConfig.TrustedKey.idOf(key.getEncoded());
    }

    public static PublicKey publicKey(ControlConfig.TrustedKey key) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key
                .publicKey())));
    }

    /**
     * The public half of a private key. The JDK has no call for it, but Ed25519 key generation takes
     * the private key as its 32 random bytes, so generating from those bytes gives the same pair.
     */
    public static PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow(() -> new GeneralSecurityException(
                "private key has no bytes"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        return g.generateKeyPair().getPublic();
    }

    public static byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Writes the private key readable by its owner only; refuses to overwrite. */
    public static void writePrivate(PrivateKey key, Path file) throws IOException {
        Files.writeString(file, pem(PRIVATE, key.getEncoded()), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE_NEW);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more we can do
        }
    }

    public static void writePublic(PublicKey key, Path file) throws IOException {
        Files.writeString(file, pem(PUBLIC, key.getEncoded()), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE_NEW);
    }

    /** Reads a PKCS#8 PEM Ed25519 private key ({@code edgeinfer keygen} or {@code openssl genpkey -algorithm ed25519}). */
    public static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
        byte[] der = unpem(Files.readString(file, StandardCharsets.US_ASCII), PRIVATE, file);
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String text, String type, Path file) throws GeneralSecurityException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int a = text.indexOf(begin);
        int b = text.indexOf(end);
        if (a < 0 || b < a) {
            throw new GeneralSecurityException(file + ": no '" + begin
                    + "' block (an Ed25519 key from edgeinfer keygen?)");
        }
        return Base64.getMimeDecoder().decode(text.substring(a + begin.length(), b));
    }
}
