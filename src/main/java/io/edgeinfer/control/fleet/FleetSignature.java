package io.edgeinfer.control.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.CanonicalJson;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.Ed25519Keys;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;

/**
 * Signatures of desired-state documents (docs/fleet.md, "Signature"): Ed25519 by a key in
 * {@code control.trusted_keys}, over {@code edgeinfer-fleet-v1 LF topic LF canonical-json}, the
 * canonical JSON of the document without {@code auth.sig} (the rules of signed commands). The topic
 * names the group, so a document signed for one group is worthless on another. Unlike a command it
 * carries no nonce and is not refused for its age: it is retained state that a device offline for
 * days must still accept; replays are stopped by the revision instead.
 */
public final class FleetSignature {
    static final String DOMAIN = "edgeinfer-fleet-v1";
    private static final List<String> SIG = List.of("auth", "sig");

    private FleetSignature() {
    }

    /** The bytes a document's signature covers. */
    public static byte[] signedBytes(String topic, byte[] payload) throws IOException {
        return (DOMAIN + "\n" + topic + "\n" + CanonicalJson.canonical(payload, SIG)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The payload to publish on {@code topic}: {@code doc} with {@code auth} ({@code key_id},
     * {@code ts_ms}, {@code sig}); without a key, {@code doc} as it is.
     */
    public static byte[] sign(DesiredState doc, String topic, PrivateKey key, long nowMs)
            throws GeneralSecurityException {
        ObjectNode tree = Json.mapper().valueToTree(doc);
        tree.remove("auth");
        if (key == null) {
            return Json.encode(tree);
        }
        ObjectNode auth = tree.putObject("auth");
        auth.put("key_id", Ed25519Keys.keyId(Ed25519Keys.publicOf(key)));
        auth.put("ts_ms", nowMs);
        try {
            byte[] sig = Ed25519Keys.sign(key, signedBytes(topic, Json.encode(tree)));
            auth.put("sig", Base64.getEncoder().encodeToString(sig));
        } catch (IOException e) {
            throw new IllegalStateException("a document we just wrote is JSON", e);
        }
        return Json.encode(tree);
    }

    /**
     * Whether this device may act on the document: signed by a trusted key when keys are set,
     * otherwise accepted only with {@code control.allow_unsigned}.
     *
     * @return the id of the key that signed it, or null for an accepted unsigned document
     */
    public static String check(ControlConfig c, String topic, byte[] payload, JsonNode auth) throws CommandException {
        if (c.trustedKeys().isEmpty()) {
            if (!c.allowUnsigned()) {
                throw new CommandException("unauthorized", "remote control is off (no control.trusted_keys, "
                        + "control.allow_unsigned false): desired states are not accepted");
            }
            return null;
        }
        if (auth == null || !auth.isObject() || !auth.hasNonNull("sig") || !auth.hasNonNull("key_id")) {
            throw new CommandException("unsigned",
                    "desired state is not signed: this device accepts only documents signed by "
                            + "a key in control.trusted_keys (auth.key_id, auth.sig)");
        }
        String keyId = auth.get("key_id").asText();
        ControlConfig.TrustedKey key = c.trustedKeys().stream().filter(k -> k.keyId().equals(keyId)).findFirst()
                .orElseThrow(() -> new CommandException("unknown_key", "desired state signed by key " + abbreviate(
                        keyId)
                        + ", which is not in control.trusted_keys"));
        try {
            byte[] sig = Base64.getDecoder().decode(auth.get("sig").asText());
            if (!Ed25519Keys.verify(Ed25519Keys.publicKey(key), signedBytes(topic, payload), sig)) {
                throw new CommandException("bad_signature", "desired state signature does not verify with key " + keyId
                        + " (changed after signing, signed for another group, or by another key)");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandException("bad_signature", "auth.sig is not base64");
        } catch (GeneralSecurityException | IOException e) {
            throw new CommandException("bad_signature", "desired state signature cannot be checked: " + e.getMessage(),
                    e);
        }
        return keyId;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
