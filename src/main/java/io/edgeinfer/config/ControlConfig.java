package io.edgeinfer.config;

import io.edgeinfer.data.Sha256;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Remote control over MQTT: who may send commands, where models come from and live, how a new model
 * is validated and watched (docs/configuration.md, section {@code control}).
 *
 * @param allowUnsigned accept commands without a signature (only when no key is trusted; demo, lab)
 * @param trustedKeys Ed25519 keys whose signatures are accepted; commands must be signed when set
 * @param modelDir {@code file://} URLs must point inside it; installed versions live in its
 *     {@code installed/} folder
 * @param stateDir where seen command nonces are remembered across restarts
 * @param maxModelBytes a model file larger than this is refused (download, copy or chunks)
 * @param maxCommandBytes a command payload larger than this is refused unread
 * @param keepVersions installed model versions kept on disk (the serving one included)
 * @param maxClockSkewS signed commands whose timestamp is further than this from now are stale
 * @param transferTimeoutS an unfinished chunk transfer is forgotten after this long
 * @param watchConfigFile re-read the config file when it changes (as on SIGHUP)
 */
public record ControlConfig(
        boolean allowUnsigned,
        List<TrustedKey> trustedKeys,
        Path modelDir,
        Path stateDir,
        long maxModelBytes,
        int maxCommandBytes,
        int keepVersions,
        int maxClockSkewS,
        int transferTimeoutS,
        boolean watchConfigFile,
        Https https,
        Validation validation,
        Rollback rollback) {

    public ControlConfig {
        trustedKeys = List.copyOf(trustedKeys);
    }

    /** Control is on when commands can be authorised at all: keys are trusted, or unsigned is allowed. */
    public boolean enabled() {
        return allowUnsigned || !trustedKeys.isEmpty();
    }

    /** Remote control off, every other key at its default. */
    public static ControlConfig off(Path modelDir, Path stateDir) {
        return Defaults.read("control", Map.of("model_dir", modelDir.toString(), "state_dir", stateDir.toString()),
                s -> new ControlConfigReader(Path.of("")).read(s, null, null));
    }

    /**
     * A trusted signing key.
     *
     * @param keyId first 16 hex digits of the SHA-256 of the key's X.509 (SPKI) DER encoding
     * @param publicKey the SPKI DER encoding, base64
     */
    public record TrustedKey(String keyId, String publicKey) {
        /** The key id of an SPKI DER encoding, as {@code edgeinfer keygen} prints it. */
        public static String idOf(byte[] spkiDer) {
            return Sha256.hex(spkiDer).substring(0, 16);
        }

        public static TrustedKey of(byte[] spkiDer) {
            return new TrustedKey(idOf(spkiDer), Base64.getEncoder().encodeToString(spkiDer));
        }
    }

    /**
     * Model downloads.
     *
     * @param allowedHosts {@code host} or {@code host:port} a model may be fetched from; empty: none
     * @param caFile PEM certificates to trust instead of the JDK's default CAs, or null
     * @param timeoutS connect and whole-download timeout
     */
    public record Https(List<String> allowedHosts, Path caFile, int timeoutS) {
        public Https {
            allowedHosts = List.copyOf(allowedHosts);
        }
    }

    /**
     * Checks a new model passes before it serves.
     *
     * @param warmupRuns predictions run and discarded first (JIT, allocator, caches)
     * @param latencyRuns predictions timed for the p99 checked against {@code model.latency_budget_ms}
     * @param goldenMinAccuracy share of golden samples the model must label correctly
     * @param timeoutS loading and validating a model taking longer than this refuses it (a model can hang)
     */
    public record Validation(int warmupRuns, int latencyRuns, double goldenMinAccuracy, double timeoutS) {
    }

    /**
     * The watch after a swap.
     *
     * @param watchS how long the new model is watched; 0 turns automatic rollback off
     * @param maxErrorRate failed inferences over all inferences above which it is rolled back
     * @param maxLatencyRatio its p99 inference time over the previous model's above which it is rolled back
     * @param latencyFloorMs p99 differences smaller than this never count (timer noise on sub-ms models)
     * @param minWindows windows the new model must have seen before it is judged
     */
    public record Rollback(double watchS, double maxErrorRate, double maxLatencyRatio, double latencyFloorMs,
            int minWindows) {
    }
}
