package io.edgeinfer.control.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.control.CommandAuth;
import io.edgeinfer.control.Ed25519Keys;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * The sending side of {@link CommandAuth}: stamps a command with a timestamp and a fresh nonce and,
 * given a key, signs it. Used by {@code edgeinfer push-model} and the tests.
 */
public final class CommandSigner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey key;
    private final String keyId;
    private final Clock clock;

    /** @param key null sends unsigned commands (timestamp and nonce only) */
    public CommandSigner(PrivateKey key, Clock clock) throws GeneralSecurityException {
        this.key = key;
        this.keyId = key == null ? null : Ed25519Keys.keyId(Ed25519Keys.publicOf(key));
        this.clock = clock;
    }

    public String keyId() {
        return keyId;
    }

    /** The payload to publish on {@code topic}: {@code body} with its {@code auth} member added. */
    public byte[] sign(String topic, ObjectNode body) throws IOException, GeneralSecurityException {
        ObjectNode cmd = body.deepCopy();
        ObjectNode auth = cmd.putObject("auth");
        if (keyId != null) {
            auth.put("key_id", keyId);
        }
        auth.put("ts_ms", clock.millis());
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        auth.put("nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
        if (key == null) {
            return Json.mapper().writeValueAsBytes(cmd);
        }
        byte[] unsigned = Json.mapper().writeValueAsBytes(cmd);
        byte[] sig = Ed25519Keys.sign(key, CommandAuth.signedBytes(topic, unsigned));
        auth.put("sig", Base64.getEncoder().encodeToString(sig));
        return Json.mapper().writeValueAsBytes(cmd);
    }
}
