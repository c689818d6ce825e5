package io.edgeinfer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.config.ConfigException;
import io.edgeinfer.config.HttpConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebServerTest {
    private final FakeDeviceView view = new FakeDeviceView();
    private final WebSchema schema = new WebSchema();
    private WebServer server;
    private PageClient page;

    @BeforeEach
    void start() throws Exception {
        server = WebServer.start(new HttpConfig(true, "127.0.0.1", 0, false, HttpConfig.Auth.NONE, 2), view,
                Clock.systemUTC(), Map.of());
        page = new PageClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void thePageAndItsFilesComeFromTheJarUnderAStrictContentPolicy() throws Exception {
        HttpResponse<String> index = page.get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("content-security-policy").orElseThrow())
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'");
        assertThat(index.body()).contains("/assets/page.js", "/assets/page.css").doesNotContain("http://", "https://");
        for (String asset : new String[]{"/assets/page.js", "/assets/page.css", "/assets/icon.svg"}) {
            HttpResponse<String> r = page.get(asset);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            // An SVG names its XML namespace with a URL; nothing is fetched from it.
            assertThat(r.body().replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).as(asset).doesNotContain(
                    "https://", "http://");
            String etag = r.headers().firstValue("etag").orElseThrow();
            assertThat(page.get(asset, "If-None-Match", etag).statusCode()).as(asset).isEqualTo(304);
        }
    }

    @Test
    void unknownPathsAreNotFound() throws Exception {
        for (String path : new String[]{"/nope", "/assets/../pom.xml", "/assets/", "/api", "/api/pipelines/other",
                "/api/pipelines/main/more", "/api/pipelines/main/actions/format-disk", "/api/pipelines/main/frame.png",
                "/index.html"}) {
            HttpResponse<String> r = page.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(schema.violations("error", PageClient.json(r))).as(path).isEmpty();
        }
    }

    @Test
    void otherMethodsAreRefusedNamingTheAllowedOnes() throws Exception {
        HttpResponse<String> r = page.send("DELETE", "/api/status", "");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(page.send("POST", "/", "x").statusCode()).isEqualTo(405);
        HttpResponse<String> get = page.get("/api/pipelines/main/actions/rollback");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("allow")).hasValue("POST");
        assertThat(page.send("HEAD", "/api/status", "").body()).isEmpty();
        HttpResponse<String> head = page.send("HEAD", "/api/events", "");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
    }

    @Test
    void malformedOverlongAndOversizedRequestsAreRefused() throws Exception {
        assertThat(page.raw("GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(page.raw("GET /\u00e9t\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(page.raw("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 414");
        assertThat(page.raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n")).startsWith(
                "HTTP/1.1 431");
        assertThat(page.raw(
                "POST /api/pipelines/main/actions/rollback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{")).startsWith("HTTP/1.1 413");
        byte[] chunked = ("POST /api/pipelines/main/actions/rollback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2000\r\n" + "c".repeat(0x2000) + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(page.raw(chunked)).startsWith("HTTP/1.1 413");
        assertThat(view.acted).isEmpty();
        assertThat(page.get("/api/status").statusCode()).as("still serving").isEqualTo(200);
    }

    @Test
    void theStatusDocumentFollowsItsSchemaAndCarriesTheLastTelemetryAsIs() throws Exception {
        assertThat(schema.violations("status", PageClient.json(page.get("/api/status")))).isEmpty();
        view.observe(1, "imbalance");
        view.telemetry = "{\"ts_ms\":1,\"power_w\":2.5,\"cpu_temp_c\":51.2}".getBytes(StandardCharsets.UTF_8);
        view.health = new DeviceView.Health(true, "ADXL345 at 0x53 on /dev/i2c-1 not answering");
        JsonNode status = PageClient.json(page.get("/api/status"));
        assertThat(schema.violations("status", status)).isEmpty();
        assertThat(status.get("telemetry").get("power_w").asDouble()).isEqualTo(2.5);
        assertThat(status.get("page").get("actions").asText()).isEqualTo("off");
        JsonNode p = status.get("pipelines").get(0);
        assertThat(p.get("prediction").get("label").asText()).isEqualTo("imbalance");
        assertThat(p.get("health").get("reason").asText()).contains("not answering");
        assertThat(schema.violations("pipelines", PageClient.json(page.get("/api/pipelines")))).isEmpty();
    }

    @Test
    void aPipelineDocumentHasTheLastWindowPerChannelAndTheLabelTimeline() throws Exception {
        assertThat(schema.violations("pipeline", PageClient.json(page.get("/api/pipelines/main")))).isEmpty();
        view.observe(1, "normal");
        view.observe(2, "normal");
        view.observe(3, "imbalance");
        JsonNode p = PageClient.json(page.get("/api/pipelines/main"));
        assertThat(schema.violations("pipeline", p)).isEmpty();
        JsonNode signal = p.get("signal");
        assertThat(signal.get("channels").toString()).isEqualTo("[\"x\",\"y\",\"z\"]");
        assertThat(signal.get("values")).hasSize(3);
        assertThat(signal.get("values").get(0)).hasSize(256);
        assertThat(signal.get("window_index").asLong()).isEqualTo(3);
        assertThat(p.get("timeline")).hasSize(2);
        assertThat(p.get("timeline").get(0).get("count").asInt()).isEqualTo(2);
        assertThat(p.get("frame").isNull()).isTrue();
    }

    @Test
    void aLivePageGetsEverythingAtOnceThenEachChange() throws Exception {
        view.observe(1, "normal");
        try (PageClient.EventStream events = page.events()) {
            assertThat(events.response.headers().firstValue("content-type")).hasValue(
                    "text/event-stream; charset=utf-8");
            PageClient.EventStream.Event status = events.next("status", Duration.ofSeconds(5));
            assertThat(schema.violations("status", status.data())).isEmpty();
            PageClient.EventStream.Event first = events.next("pipeline", Duration.ofSeconds(5));
            assertThat(first.data().get("prediction").get("seq").asLong()).isEqualTo(1);
            view.observe(2, "bearing_fault");
            PageClient.EventStream.Event next = events.next("pipeline", Duration.ofSeconds(5));
            assertThat(schema.violations("pipeline", next.data())).isEmpty();
            assertThat(next.data().get("prediction").get("label").asText()).isEqualTo("bearing_fault");
            view.connected = false;
            JsonNode later;
            do {
                later = events.next("status", Duration.ofSeconds(5)).data();
            } while (later.get("link").get("connected").asBoolean());
            assertThat(later.get("page").get("clients").asInt()).isEqualTo(1);
        }
    }

    @Test
    void morePagesThanMaxClientsAreAskedToComeBackLater() throws Exception {
        try (PageClient.EventStream a = page.events(); PageClient.EventStream b = page.events()) {
            assertThat(a.next("status", Duration.ofSeconds(5))).isNotNull();
            assertThat(b.next("status", Duration.ofSeconds(5))).isNotNull();
            HttpResponse<String> third = page.get("/api/events");
            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.headers().firstValue("retry-after")).hasValue("10");
            assertThat(PageClient.json(third).get("error").asText()).contains("http.max_clients");
        }
    }

    @Test
    void anAddressThisMachineDoesNotHaveIsAConfigErrorNamingTheHost() {
        HttpConfig elsewhere = new HttpConfig(true, "192.0.2.7", 0, false, HttpConfig.Auth.NONE, 2);
        assertThatThrownBy(() -> WebServer.start(elsewhere, view, Clock.systemUTC(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.host")
                .hasMessageContaining("192.0.2.7 is not an address of this machine");
    }

    @Test
    void aPortInUseIsAConfigErrorNamingTheKeyAndThePort() {
        HttpConfig taken = new HttpConfig(true, "127.0.0.1", server.port(), false, HttpConfig.Auth.NONE, 2);
        assertThatThrownBy(() -> WebServer.start(taken, view, Clock.systemUTC(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port")
                .hasMessageContaining("port " + server.port() + " on 127.0.0.1 is in use");
    }
}
