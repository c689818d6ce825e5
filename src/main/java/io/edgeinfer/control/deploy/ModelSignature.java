package io.edgeinfer.control.deploy;

import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.Ed25519Keys;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** With trusted keys, a model file itself must be signed: Ed25519 over the 32 bytes of its SHA-256 digest. */
final class ModelSignature {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSignature.class);

    private ModelSignature() {
    }

    /** @return the id of the key that signed, or null when no key is trusted (nothing to check) */
    static String check(ControlConfig c, String sha, String signature) throws CommandException {
        if (c.trustedKeys().isEmpty()) {
            return null;
        }
        if (signature == null) {
            throw new CommandException("missing_signature",
                    "signature is required: control.trusted_keys is set, so the "
                            + "model file must be signed (Ed25519 over its SHA-256 digest)");
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new CommandException("bad_signature", "signature is not base64");
        }
        byte[] digest = HexFormat.of().parseHex(sha);
        for (ControlConfig.TrustedKey k : c.trustedKeys()) {
            try {
                if (Ed25519Keys.verify(Ed25519Keys.publicKey(k), digest, sig)) {
                    return k.keyId();
                }
            } catch (GeneralSecurityException e) {
                LOG.warn("trusted key {} unusable: {}", k.keyId(), e.getMessage());
            }
        }
        throw new CommandException("bad_signature",
                "the model signature does not verify with any key in control.trusted_keys "
                        + "(signed for another file, or by another key)");
    }
}
