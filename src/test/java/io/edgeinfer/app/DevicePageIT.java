package io.edgeinfer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.mqtt.MqttProbe;
import io.edgeinfer.telemetry.TelemetrySchema;
import io.edgeinfer.web.PageClient;
import io.edgeinfer.web.WebSchema;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device page of a whole daemon (simulated sensor, demo models, embedded broker): its
 * documents against the published schemas, and its actions going through the control service
 * exactly as the MQTT commands do, answered on {@code cmd/result} too.
 */
class DevicePageIT {
    private static final Path MODELS = Path.of("models").toAbsolutePath();

    @TempDir
    Path dir;

    private Daemon daemon;
    private MqttProbe probe;
    private PageClient page;
    private final WebSchema schema = new WebSchema();

    @AfterEach
    void tearDown() throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    private Path configFile(String http) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        for (String m : List.of("vibration_int8.pt", "vibration_fp32.pt")) {
            Files.copy(MODELS.resolve(m), models.resolve(m));
        }
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, """
                device_id: page-1
                model: {path: models/vibration_int8.pt, name: vibration-mlp, version: "1.0.0", labels: [normal, imbalance, misalignment, bearing_fault]}
                source: {type: simulated-vibration, rate_hz: 400}
                window: {size: 256, hop: 64}
                mqtt: {broker: embedded, embedded: {port: 0}}
                outbox: {path: state/outbox.db}
                telemetry: {interval_s: 1}
                control: {model_dir: models, state_dir: state}
                http: %s
                """.formatted(http));
        return file;
    }

    private void start(Path file) throws Exception {
        daemon = Daemon.start(new ConfigLoader(Map.of()).load(file), Clock.systemUTC(), file);
        probe = new MqttProbe(daemon.brokerUrl(), "edgeinfer/page-1/cmd/result");
        page = new PageClient(daemon.pagePort());
    }

    private JsonNode pipeline() throws Exception {
        return PageClient.json(page.get("/api/pipelines/main"));
    }

    @Test
    void theDaemonsDocumentsFollowTheSchemasTelemetryIncluded() throws Exception {
        start(configFile("{enabled: true, port: 0}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode s = PageClient.json(page.get("/api/status"));
            return !s.get("telemetry").isNull() && !s.get("pipelines").get(0).get("prediction").isNull()
                    && s.get("pipelines").get(0).get("model").get("versions").size() == 1;
        });
        JsonNode status = PageClient.json(page.get("/api/status"));
        assertThat(schema.violations("status", status)).isEmpty();
        assertThat(new TelemetrySchema().violations(status.get("telemetry"))).isEmpty();
        assertThat(status.get("startup").get("ran").asBoolean()).as("started without the checks").isFalse();
        assertThat(status.get("link").get("connected").asBoolean()).isTrue();
        JsonNode p = pipeline();
        assertThat(schema.violations("pipeline", p)).isEmpty();
        assertThat(p.get("input").get("description").asText()).isEqualTo("simulated 3-axis vibration sensor");
        assertThat(p.get("signal").get("values")).hasSize(3);
        assertThat(p.get("signal").get("values").get(0)).hasSize(256);
        assertThat(p.get("model").get("versions").get(0).get("serving").asBoolean()).isTrue();
        assertThat(p.get("model").get("sha256").asText()).isEqualTo(p.get("prediction").get("model").get("sha256")
                .asText());
        assertThat(status.get("page").get("actions").asText()).isEqualTo("off");
        assertThat(page.act("/api/pipelines/main/actions/rollback").statusCode()).isEqualTo(403);
    }

    @Test
    void aRollbackFromThePageServesThePreviousModelAndIsAnsweredOnCmdResultToo() throws Exception {
        Path file = configFile("{enabled: true, port: 0, allow_actions: true}");
        start(file);
        await().atMost(Duration.ofSeconds(30)).until(() -> !pipeline().get("prediction").isNull());
        String int8 = pipeline().get("model").get("sha256").asText();
        // A new version arrives the way an operator edits the file: the daemon validates and swaps it in.
        Files.writeString(file, Files.readString(file).replace("models/vibration_int8.pt", "models/vibration_fp32.pt")
                .replace("version: \"1.0.0\"", "version: \"2.0.0\""));
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline().get("model").get("versions").size() == 2
                && pipeline().get("prediction").get("model").get("version").asText().equals("2.0.0"));

        HttpResponse<String> r = page.act("/api/pipelines/main/actions/rollback");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = PageClient.json(r);
        assertThat(schema.violations("action_result", answer)).isEmpty();
        assertThat(answer.get("answer").get("model").get("version").asText()).isEqualTo("1.0.0");
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline().get("prediction").get("model").get("sha256")
                .asText().equals(int8)
                && pipeline().get("model").get("last_rollback").isObject());
        JsonNode p = pipeline();
        assertThat(p.get("swaps")).hasSize(2);
        assertThat(p.get("model").get("last_rollback").get("automatic").asBoolean()).isFalse();
        assertThat(p.get("model").get("last_rollback").get("to").asText()).isEqualTo("vibration-mlp 1.0.0");
        await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on("edgeinfer/page-1/cmd/result").isEmpty());
        JsonNode result = probe.on("edgeinfer/page-1/cmd/result").get(0);
        assertThat(result.get("command").asText()).isEqualTo("rollback");
        assertThat(result.get("request_id").asText()).startsWith("page-");
        assertThat(result.get("ok").asBoolean()).isTrue();

        HttpResponse<String> again = page.act("/api/pipelines/main/actions/rollback");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(PageClient.json(again).get("code").asText()).isEqualTo("no_previous_version");
    }

    @Test
    void anInputRestartFromThePageKeepsTheWindowNumbering() throws Exception {
        start(configFile("{enabled: true, port: 0, allow_actions: true}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !pipeline().get("prediction").isNull());
        long before = pipeline().get("prediction").get("window_index").asLong();
        HttpResponse<String> r = page.act("/api/pipelines/main/actions/restart-source");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(PageClient.json(r).get("answer").get("restarted").toString()).isEqualTo("[\"source\"]");
        await().atMost(Duration.ofSeconds(20)).until(() -> pipeline().get("prediction").get("window_index")
                .asLong() > before + 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("edgeinfer/page-1/cmd/result").stream()
                .anyMatch(m -> m.get("command").asText().equals("restart_source") && m.get("ok").asBoolean()));
    }

    @Test
    void aPortInUseStopsTheStartNamingTheKeyAndThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Path file = configFile("{enabled: true, port: " + taken.getLocalPort() + "}");
            assertThatThrownBy(() -> Daemon.start(new ConfigLoader(Map.of()).load(file), Clock.systemUTC(), file))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("http.port")
                    .hasMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1 is in use");
        }
    }
}
