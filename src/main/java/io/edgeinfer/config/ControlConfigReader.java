package io.edgeinfer.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks the {@code control} section, including the trusted keys it names. */
final class ControlConfigReader {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}(?::(\\d{1,9}))?");
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    private final Path baseDir;

    ControlConfigReader(Path baseDir) {
        this.baseDir = baseDir;
    }

    /**
     * @param modelPath the configured model, whose folder is the default model directory (may be null)
     * @param stateDir the default state directory
     */
    ControlConfig read(Section s, Path modelPath, Path stateDir) {
        boolean unsigned = s.bool("allow_unsigned", false);
        List<ControlConfig.TrustedKey> keys = trustedKeys(s);
        if (unsigned && !keys.isEmpty()) {
            s.error("allow_unsigned",
                    "must not be true while control.trusted_keys is set (signed commands only, or none)");
        }
        Path modelDir = dir(s, "model_dir", modelPath == null ? baseDir : modelPath.getParent());
        Path state = dir(s, "state_dir", stateDir);
        long maxModel = s.longValue("max_model_bytes", 64L << 20, 1024, 1L << 34);
        int maxCommand = s.integer("max_command_bytes", 1 << 20, 1024, 256 << 20);
        int keep = s.integer("keep_versions", 3, 1, 100);
        int skew = s.integer("max_clock_skew_s", 300, 1, 86_400);
        int transfer = s.integer("transfer_timeout_s", 120, 1, 86_400);
        boolean watch = s.bool("watch_config_file", true);
        ControlConfig.Https https = https(s.section("https"));
        ControlConfig.Validation validation = validation(s.section("validation"));
        ControlConfig.Rollback rollback = rollback(s.section("rollback"));
        s.rejectUnknown();
        return new ControlConfig(unsigned, keys, modelDir, state, maxModel, maxCommand, keep, skew, transfer, watch,
                https, validation, rollback);
    }

    private Path dir(Section s, String key, Path fallback) {
        String v = s.string(key, null);
        return v == null ? fallback.toAbsolutePath().normalize() : baseDir.resolve(v).toAbsolutePath().normalize();
    }

    private List<ControlConfig.TrustedKey> trustedKeys(Section s) {
        List<String> entries = s.stringList("trusted_keys", List.of());
        List<ControlConfig.TrustedKey> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = s.path("trusted_keys") + "[" + i + "]";
            try {
                ControlConfig.TrustedKey k = ControlConfig.TrustedKey.of(spki(entries.get(i)));
                if (ids.add(k.keyId())) {
                    keys.add(k);
                } else {
                    s.errors().add(new ConfigError(where, "key " + k.keyId() + " is listed twice"));
                }
            } catch (IllegalArgumentException e) {
                s.errors().add(new ConfigError(where, e.getMessage()));
            }
        }
        return keys;
    }

    /** An entry is a base64 SPKI key, or the path of a PEM public key file. */
    private byte[] spki(String entry) {
        byte[] der = null;
        try {
            der = Base64.getDecoder().decode(entry.trim());
        } catch (IllegalArgumentException notBase64) {
            // then it is a file name
        }
        if (der != null && isEd25519(der)) {
            return der;
        }
        Path file = baseDir.resolve(entry).normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("neither a base64 Ed25519 public key nor an existing PEM file: " + file);
        }
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage());
        }
        int a = pem.indexOf(PEM_BEGIN);
        int b = pem.indexOf(PEM_END);
        if (a < 0 || b < a) {
            throw new IllegalArgumentException(file + ": no '" + PEM_BEGIN + "' block");
        }
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(a + PEM_BEGIN.length(), b));
        } catch (IllegalArgumentException notBase64) {
            // The decoder's message quotes the offending bytes; the file's content stays out of errors.
            throw new IllegalArgumentException(file + ": the '" + PEM_BEGIN + "' block is not base64");
        }
        if (!isEd25519(der)) {
            throw new IllegalArgumentException(file + ": not an Ed25519 public key (make one with: edgeinfer keygen)");
        }
        return der;
    }

    private static boolean isEd25519(byte[] der) {
        try {
            KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private ControlConfig.Https https(Section h) {
        List<String> hosts = h.stringList("allowed_hosts", List.of());
        for (int i = 0; i < hosts.size(); i++) {
            Matcher m = HOST.matcher(hosts.get(i));
            String where = h.path("allowed_hosts") + "[" + i + "]";
            if (!m.matches()) {
                h.errors().add(new ConfigError(where,
                        "must be a host name or address, optionally with :port, got '" + hosts.get(i) + "'"));
            } else if (m.group(1) != null && !Ports.valid(m.group(1))) {
                h.errors().add(new ConfigError(where, "port must be between 1 and 65535, got '" + hosts.get(i) + "'"));
            }
        }
        String ca = h.string("ca_file", null);
        Path caFile = ca == null ? null : baseDir.resolve(ca).normalize();
        if (caFile != null && !Files.isRegularFile(caFile)) {
            h.error("ca_file", "file not found: " + caFile);
        }
        int timeout = h.integer("timeout_s", 60, 1, 3600);
        h.rejectUnknown();
        return new ControlConfig.Https(hosts.stream().map(String::toLowerCase).toList(), caFile, timeout);
    }

    private static ControlConfig.Validation validation(Section v) {
        int warmup = v.integer("warmup_runs", 20, 0, 10_000);
        int latency = v.integer("latency_runs", 50, 1, 10_000);
        double golden = v.number("golden_min_accuracy", 1.0, 0, 1);
        double timeout = v.number("timeout_s", 120, 1, 3600);
        v.rejectUnknown();
        return new ControlConfig.Validation(warmup, latency, golden, timeout);
    }

    private static ControlConfig.Rollback rollback(Section r) {
        double watch = r.number("watch_s", 60, 0, 86_400);
        double errors = r.number("max_error_rate", 0.05, 0, 1);
        double ratio = r.number("max_latency_ratio", 3.0, 1, 1000);
        double floor = r.number("latency_floor_ms", 1.0, 0, 60_000);
        int min = r.integer("min_windows", 50, 1, 1_000_000);
        r.rejectUnknown();
        return new ControlConfig.Rollback(watch, errors, ratio, floor, min);
    }
}
