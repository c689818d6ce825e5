package io.edgeinfer.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ControlConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Decides whether a command may run: with {@code control.trusted_keys} set, it must carry a valid
 * Ed25519 signature by one of them over its canonical payload, a fresh timestamp and a nonce never
 * seen before. Without keys, unsigned commands pass only because {@code control.allow_unsigned} is
 * on; a timestamp and nonce they carry are still checked.
 */
public final class CommandAuth {
    /** What a signature covers starts with this, so it can never be mistaken for another message. */
    static final String DOMAIN = "edgeinfer-cmd-v1";
    static final List<String> SIG_PATH = List.of("auth", "sig");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{8,128}");

    private final Supplier<ControlConfig> config;
    private final NonceStore nonces;
    private final Clock clock;

    public CommandAuth(Supplier<ControlConfig> config, NonceStore nonces, Clock clock) {
        this.config = config;
        this.nonces = nonces;
        this.clock = clock;
    }

    /** The bytes a command's signature covers. */
    public static byte[] signedBytes(String topic, byte[] payload) throws IOException {
        return (DOMAIN + "\n" + topic + "\n" + CanonicalJson.canonical(payload, SIG_PATH)).getBytes(
                StandardCharsets.UTF_8);
    }

    /** @return the id of the key that signed, or null for an accepted unsigned command */
    public String check(String topic, byte[] payload, JsonNode body) throws CommandException {
        ControlConfig c = config.get();
        JsonNode auth = body.get("auth");
        if (auth != null && !auth.isObject()) {
            throw new CommandException("bad_request", "auth must be an object {key_id, ts_ms, nonce, sig}");
        }
        String keyId = null;
        if (!c.trustedKeys().isEmpty()) {
            keyId = verifySignature(c, topic, payload, auth);
        } else if (!c.allowUnsigned()) {
            throw new CommandException("unauthorized",
                    "remote control is off (set control.trusted_keys or control.allow_unsigned)");
        }
        if (auth != null && (auth.has("ts_ms") || auth.has("nonce") || keyId != null)) {
            checkFresh(c, auth);
        }
        return keyId;
    }

    private String verifySignature(ControlConfig c, String topic, byte[] payload, JsonNode auth)
            throws CommandException {
        if (auth == null || !auth.hasNonNull("sig") || !auth.hasNonNull("key_id")) {
            throw new CommandException("unsigned",
                    "command is not signed: this device accepts only commands signed by a "
                            + "key in control.trusted_keys (auth.key_id, auth.ts_ms, auth.nonce, auth.sig)");
        }
        String keyId = auth.get("key_id").asText();
        ControlConfig.TrustedKey key = c.trustedKeys().stream().filter(k -> k.keyId().equals(keyId)).findFirst()
                .orElseThrow(() -> new CommandException("unknown_key", "key " + abbreviate(keyId)
                        + " is not in control.trusted_keys"));
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(auth.get("sig").asText());
        } catch (IllegalArgumentException e) {
            throw new CommandException("bad_signature", "auth.sig is not base64");
        }
        try {
            if (!Ed25519Keys.verify(Ed25519Keys.publicKey(key), signedBytes(topic, payload), sig)) {
                throw new CommandException("bad_signature", "signature does not verify with key " + keyId
                        + " (the command was changed, signed for another topic, or signed by another key)");
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new CommandException("bad_signature", "signature cannot be checked: " + e.getMessage(), e);
        }
        return keyId;
    }

    private void checkFresh(ControlConfig c, JsonNode auth) throws CommandException {
        JsonNode ts = auth.get("ts_ms");
        JsonNode nonce = auth.get("nonce");
        if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong()) {
            throw new CommandException("bad_request", "auth.ts_ms must be the sending time in epoch milliseconds");
        }
        if (nonce == null || !nonce.isTextual() || !NONCE.matcher(nonce.asText()).matches()) {
            throw new CommandException("bad_request",
                    "auth.nonce must be 8-128 characters of A-Z a-z 0-9 _ -, new for every command");
        }
        long now = clock.millis();
        long skewMs = c.maxClockSkewS() * 1000L;
        long off = ts.asLong() - now;
        if (Math.abs(off) > skewMs) {
            throw new CommandException("stale", "auth.ts_ms " + Instant.ofEpochMilli(ts.asLong()) + " is " + Math.abs(
                    off) / 1000
                    + " s " + (off < 0 ? "old" : "in the future")
                    + " by this device's clock (limit control.max_clock_skew_s: "
                    + c.maxClockSkewS() + ")");
        }
        if (nonces.contains(nonce.asText())) {
            throw new CommandException("replayed", "auth.nonce " + nonce.asText()
                    + " was already used: a command runs once");
        }
        nonces.add(nonce.asText(), ts.asLong(), now - 2 * skewMs);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
