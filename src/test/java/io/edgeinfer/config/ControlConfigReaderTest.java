package io.edgeinfer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.control.Ed25519Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlConfigReaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void model() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.createFile(dir.resolve("models/m.pt")); // checked to exist; never loaded here
    }

    private DaemonConfig parse(String control) throws ConfigException {
        return new ConfigLoader(Map.of()).parse("""
                device_id: dev-1
                model: {path: models/m.pt, labels: [a, b], latency_budget_ms: 12.5}
                outbox: {path: state/outbox.db}
                """ + control, dir);
    }

    private List<String> errors(String control) {
        try {
            parse(control);
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected errors for " + control);
    }

    @Test
    void withoutASectionRemoteControlIsOffWithDocumentedDefaults() throws Exception {
        DaemonConfig c = parse("");
        ControlConfig k = c.control();
        assertThat(k.enabled()).isFalse();
        assertThat(k.modelDir()).isEqualTo(dir.resolve("models"));
        assertThat(k.stateDir()).isEqualTo(dir.resolve("state"));
        assertThat(k.keepVersions()).isEqualTo(3);
        assertThat(k.maxModelBytes()).isEqualTo(64L << 20);
        assertThat(k.rollback().watchS()).isEqualTo(60);
        assertThat(k.validation().goldenMinAccuracy()).isEqualTo(1.0);
        assertThat(c.first().model().latencyBudgetMs()).isEqualTo(12.5);
    }

    @Test
    void withoutAnOutboxPathTheStateDirectoryIsTheDevicesOwnNotTheSharedDefault() throws Exception {
        Map<String, String> env = Map.of("XDG_STATE_HOME", dir.resolve("xdg").toString());
        String yaml = """
                device_id: %s
                model: {path: m.pt, labels: [a, b]}
                """;
        ConfigFolder.placeholderModel(Files.createDirectories(dir.resolve("checkout-1")));
        ConfigFolder.placeholderModel(Files.createDirectories(dir.resolve("checkout-2")));
        DaemonConfig one = new ConfigLoader(env).parse(yaml.formatted("press-1"), dir.resolve("checkout-1"));
        DaemonConfig two = new ConfigLoader(env).parse(yaml.formatted("press-2"), dir.resolve("checkout-2"));
        assertThat(one.control().stateDir()).isEqualTo(dir.resolve("xdg/edgeinfer/press-1"));
        assertThat(two.control().stateDir()).isEqualTo(dir.resolve("xdg/edgeinfer/press-2"));
        assertThat(one.outbox().path()).as("the outbox is the device's own too")
                .isEqualTo(dir.resolve("xdg/edgeinfer/press-1/outbox.db"));
        assertThat(one.control().validation().timeoutS()).isEqualTo(120);
    }

    @Test
    void trustedKeysComeInlineOrFromPemFilesWithTheirIds() throws Exception {
        KeyPair a = Ed25519Keys.generate();
        KeyPair b = Ed25519Keys.generate();
        Ed25519Keys.writePublic(b.getPublic(), dir.resolve("ops.pub"));
        DaemonConfig c = parse("""
                control:
                  trusted_keys: [%s, ops.pub]
                  https: {allowed_hosts: [Models.Example.com, "10.0.0.5:8443"]}
                """.formatted(Base64.getEncoder().encodeToString(a.getPublic().getEncoded())));
        assertThat(c.control().enabled()).isTrue();
        assertThat(c.control().trustedKeys()).extracting(ControlConfig.TrustedKey::keyId)
                .containsExactly(Ed25519Keys.keyId(a.getPublic()), Ed25519Keys.keyId(b.getPublic()));
        assertThat(c.control().https().allowedHosts()).containsExactly("models.example.com", "10.0.0.5:8443");
    }

    @Test
    void everyBadControlKeyIsReported() throws Exception {
        Files.writeString(dir.resolve("rsa.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        KeyPair a = Ed25519Keys.generate();
        String key = Base64.getEncoder().encodeToString(a.getPublic().getEncoded());
        assertThat(errors("""
                control:
                  allow_unsigned: true
                  trusted_keys: [%s, %s, nope.pub, rsa.pub]
                  keep_versions: 0
                  https: {allowed_hosts: ["bad host/x"], ca_file: missing.pem}
                  rollback: {max_error_rate: 2, colour: red}
                  validaton: {}
                """.formatted(key, key))).containsExactlyInAnyOrder(
                "control.allow_unsigned: must not be true while control.trusted_keys is set (signed commands only, or none)",
                "control.trusted_keys[1]: key " + Ed25519Keys.keyId(a.getPublic()) + " is listed twice",
                "control.trusted_keys[2]: neither a base64 Ed25519 public key nor an existing PEM file: " + dir.resolve(
                        "nope.pub"),
                "control.trusted_keys[3]: " + dir.resolve("rsa.pub")
                        + ": not an Ed25519 public key (make one with: edgeinfer keygen)",
                "control.keep_versions: must be between 1 and 100, got 0",
                "control.https.allowed_hosts[0]: must be a host name or address, optionally with :port, got 'bad host/x'",
                "control.https.ca_file: file not found: " + dir.resolve("missing.pem"),
                "control.rollback.max_error_rate: must be between 0.0 and 1.0, got 2.0",
                "control.rollback.colour: unknown key",
                "control.validaton: unknown key");
    }
}
