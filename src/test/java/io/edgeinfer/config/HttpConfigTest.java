package io.edgeinfer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.control.Ed25519Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpConfigTest {
    @TempDir
    Path dir;

    private DaemonConfig parse(String extra, Map<String, String> env) throws ConfigException {
        ConfigFolder.placeholderModel(dir);
        return new ConfigLoader(env).parse("""
                device_id: dev-1
                model: {path: m.pt, labels: [a, b]}
                outbox: {path: state/outbox.db}
                """ + extra, dir);
    }

    private List<String> errors(String extra) {
        try {
            parse(extra, Map.of());
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected errors for " + extra);
    }

    @Test
    void withoutASectionThePageIsOffReadOnlyOnLoopback() throws Exception {
        HttpConfig h = parse("", Map.of()).http();
        assertThat(h).isEqualTo(HttpConfig.off());
        assertThat(h.enabled()).isFalse();
        assertThat(h.host()).isEqualTo("127.0.0.1");
        assertThat(h.port()).isEqualTo(8080);
        assertThat(h.allowActions()).isFalse();
        assertThat(h.auth().basic() || h.auth().token()).isFalse();
        assertThat(h.maxClients()).isEqualTo(32);
    }

    @Test
    void actionsOnLoopbackNeedNoCredentialsWhileCommandsAreUnsigned() throws Exception {
        HttpConfig h = parse("http: {enabled: true, port: 0, allow_actions: true}\n", Map.of()).http();
        assertThat(h.allowActions()).isTrue();
    }

    @Test
    void credentialsComeFromFilesOrTheEnvironment() throws Exception {
        Files.writeString(dir.resolve("page.pw"), "s3cret\n");
        HttpConfig h = parse("""
                http:
                  enabled: true
                  host: 0.0.0.0
                  allow_actions: true
                  auth: {username: tech, password_file: page.pw, token_env: PAGE_TOKEN}
                """, Map.of("PAGE_TOKEN", "t0ken")).http();
        assertThat(h.auth().username()).isEqualTo("tech");
        assertThat(h.auth().passwordFile()).isEqualTo(dir.resolve("page.pw"));
        assertThat(h.auth().tokenEnv()).isEqualTo("PAGE_TOKEN");
        assertThat(h.auth().basic()).isTrue();
        assertThat(h.auth().token()).isTrue();
    }

    @Test
    void everyMistakeIsReportedAtOnceNamingItsKey() {
        assertThat(errors("""
                metrics: {port: 9464}
                http:
                  enabled: true
                  port: 9464
                  max_clients: 0
                  colour: blue
                  auth: {username: "a:b", password_env: NOT_SET, token_file: missing.txt}
                """)).containsExactlyInAnyOrder(
                "http.auth.password_env: environment variable NOT_SET is not set",
                "http.auth.token_file: file not found: " + dir.resolve("missing.txt"),
                "http.auth.username: must not contain ':' (basic auth separates user and password with it)",
                "http.max_clients: must be between 1 and 1024, got 0",
                "http.colour: unknown key",
                "http.port: is metrics.port too (9464): give the page its own port");
    }

    @Test
    void thePageMayNotTakeTheEmbeddedBrokersPort() {
        assertThat(errors("http: {enabled: true, port: 1883}\n"))
                .containsExactly("http.port: is mqtt.embedded.port too (1883): give the page its own port");
    }

    @Test
    void aUserNeedsAPasswordAndAPasswordAUser() throws Exception {
        assertThat(errors("http: {auth: {username: tech}}\n"))
                .containsExactly("http.auth.username: needs a password: password_file or password_env");
        Files.writeString(dir.resolve("page.pw"), "s3cret\n");
        assertThat(errors("http: {auth: {password_file: page.pw}}\n"))
                .containsExactly("http.auth.password_file: needs http.auth.username");
    }

    @Test
    void actionsReachableFromTheNetworkNeedCredentials() {
        assertThat(errors("http: {enabled: true, host: 0.0.0.0, allow_actions: true}\n")).singleElement().asString()
                .startsWith("http.allow_actions: http.host 0.0.0.0 is reachable from other machines");
        assertThat(errors("http: {enabled: true, host: plc-gateway.local, allow_actions: true}\n")).hasSize(1);
    }

    @Test
    void actionsNeedCredentialsWhenCommandsMustBeSigned() throws Exception {
        String key = Base64.getEncoder().encodeToString(Ed25519Keys.generate().getPublic().getEncoded());
        assertThat(errors("""
                control: {trusted_keys: [%s]}
                http: {enabled: true, allow_actions: true}
                """.formatted(key))).singleElement().asString()
                .startsWith("http.allow_actions: control.trusted_keys is set, so remote commands must be signed");
        Files.writeString(dir.resolve("token"), "t0ken\n");
        assertThat(parse("""
                control: {trusted_keys: [%s]}
                http: {enabled: true, allow_actions: true, auth: {token_file: token}}
                """.formatted(key), Map.of()).http().allowActions()).isTrue();
    }

    @Test
    void loopbackIsDecidedWithoutAskingDns() {
        assertThat(HttpConfigReader.isLoopback("127.0.0.1")).isTrue();
        assertThat(HttpConfigReader.isLoopback("127.3.4.5")).isTrue();
        assertThat(HttpConfigReader.isLoopback("::1")).isTrue();
        assertThat(HttpConfigReader.isLoopback("localhost")).isTrue();
        assertThat(HttpConfigReader.isLoopback("0.0.0.0")).isFalse();
        assertThat(HttpConfigReader.isLoopback("192.168.1.20")).isFalse();
        assertThat(HttpConfigReader.isLoopback("edge-7.plant")).isFalse();
    }
}
