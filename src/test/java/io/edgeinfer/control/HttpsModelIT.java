package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.mqtt.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models fetched over https from local servers: TLS verified against the configured CA, limits enforced. */
class HttpsModelIT {
    @TempDir
    Path dir;

    private static ObjectNode fetch(String url, String sha) {
        return Json.mapper().createObjectNode().put("name", "vibration-mlp").put("version", "2.0.0").put("url", url)
                .put("sha256", sha);
    }

    private static void refused(ControlHarness h, String url, String code, String text) throws Exception {
        JsonNode r = h.call("model", fetch(url, ControlHarness.FP32));
        assertThat(r.get("ok").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.get("code").asText()).as(r.toString()).isEqualTo(code);
        assertThat(r.get("error").asText()).contains(text);
        assertThat(h.servingNow()).isEqualTo(ControlHarness.INT8);
    }

    @Test
    void aModelFromAnAllowedHostWithATrustedCertificateIsSwappedInAndEverythingElseIsRefused() throws Exception {
        byte[] fp32 = Files.readAllBytes(ControlHarness.REPO_MODELS.resolve("vibration_fp32.pt"));
        Map<String, byte[]> files = Map.of("/m/fp32.pt", fp32, "/m/big.pt", new byte[300_000]);
        try (LocalHttps trusted = new LocalHttps(dir, "trusted", "ip:127.0.0.1", files);
                LocalHttps stranger = new LocalHttps(dir, "stranger", "ip:127.0.0.1", files);
                LocalHttps misnamed = new LocalHttps(dir, "misnamed", "dns:other.example", files)) {
            // The CA file trusts "trusted" and "misnamed" (whose name is wrong), not "stranger".
            Path ca = dir.resolve("ca.pem");
            Files.writeString(ca, Files.readString(trusted.certPem) + Files.readString(misnamed.certPem));
            Path home = Files.createDirectories(dir.resolve("device"));
            try (ControlHarness h = new ControlHarness(home, "https-1", 32, "", """
                    allow_unsigned: true
                    max_model_bytes: 200000
                    https: {allowed_hosts: ["127.0.0.1"], ca_file: "%s", timeout_s: 20}
                    """.formatted(ca), null)) {
                refused(h, stranger.url("/m/fp32.pt"), "tls_failed", "PKIX");
                refused(h, misnamed.url("/m/fp32.pt"), "tls_failed", "127.0.0.1");
                refused(h, trusted.url("/redirect"), "download_failed", "HTTP 302");
                refused(h, trusted.url("/m/none.pt"), "download_failed", "HTTP 404");
                refused(h, trusted.url("/m/big.pt"), "too_large", "300000 bytes");
                refused(h, trusted.url("/m/fp32.pt").replace("127.0.0.1", "localhost"), "host_not_allowed",
                        "localhost");

                JsonNode r = h.call("model", fetch(trusted.url("/m/fp32.pt"), ControlHarness.FP32));
                assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
                assertThat(h.servingNow()).isEqualTo(ControlHarness.FP32);
            }
        }
    }
}
