package io.edgeinfer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.config.HttpConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionsTest {
    private static final String ROLLBACK = "/api/pipelines/main/actions/rollback";
    private static final String RESTART = "/api/pipelines/main/actions/restart-source";

    @TempDir
    Path dir;

    private final FakeDeviceView view = new FakeDeviceView();
    private final WebSchema schema = new WebSchema();
    private WebServer server;
    private PageClient page;

    private void start(boolean actions, HttpConfig.Auth auth) throws Exception {
        server = WebServer.start(new HttpConfig(true, "127.0.0.1", 0, actions, auth, 4), view, Clock.systemUTC(),
                Map.of("PAGE_TOKEN", "t0ken-123"));
        page = new PageClient(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String mode() throws Exception {
        return PageClient.json(page.get("/api/status")).get("page").get("actions").asText();
    }

    @Test
    void aReadOnlyPageRefusesActionsAndSaysSo() throws Exception {
        start(false, HttpConfig.Auth.NONE);
        HttpResponse<String> r = page.act(ROLLBACK);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(PageClient.json(r).get("error").asText()).contains("read-only");
        assertThat(view.acted).isEmpty();
        assertThat(mode()).isEqualTo("off");
    }

    @Test
    void onLoopbackWithUnsignedCommandsAnActionRunsThroughThePort() throws Exception {
        start(true, HttpConfig.Auth.NONE);
        assertThat(mode()).isEqualTo("on");
        HttpResponse<String> r = page.act(ROLLBACK);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(schema.violations("action_result", PageClient.json(r))).isEmpty();
        assertThat(page.act(RESTART).statusCode()).isEqualTo(200);
        assertThat(view.acted).containsExactly(DeviceView.Action.ROLLBACK, DeviceView.Action.RESTART_SOURCE);
    }

    @Test
    void actionsFromAnotherSiteAreRefused() throws Exception {
        start(true, HttpConfig.Auth.NONE);
        assertThat(page.act(ROLLBACK, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(page.act(ROLLBACK, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        // A form on another site can post text/plain without asking first; JSON it cannot.
        assertThat(page.send("POST", ROLLBACK, "{}", "Content-Type", "text/plain").statusCode()).isEqualTo(415);
        assertThat(page.act(ROLLBACK, "Origin", page.uri("").toString()).statusCode()).isEqualTo(200);
        assertThat(view.acted).hasSize(1);
    }

    @Test
    void whileCommandsMustBeSignedAPageWithoutCredentialsCannotAct() throws Exception {
        start(true, HttpConfig.Auth.NONE);
        view.signedCommands = true;
        HttpResponse<String> r = page.act(ROLLBACK);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(PageClient.json(r).get("error").asText()).contains("control.trusted_keys");
        assertThat(mode()).isEqualTo("off");
        assertThat(view.acted).isEmpty();
    }

    @Test
    void theTokenGuardsActionsWhileReadsStayOpen() throws Exception {
        start(true, new HttpConfig.Auth(null, null, null, null, "PAGE_TOKEN"));
        view.signedCommands = true;
        assertThat(mode()).isEqualTo("needs_token");
        assertThat(page.act(ROLLBACK).statusCode()).isEqualTo(401);
        assertThat(page.act(ROLLBACK, "Authorization", "Bearer t0ken-12").statusCode()).isEqualTo(401);
        assertThat(page.act(ROLLBACK, "Authorization", "Bearer t0ken-123").statusCode()).isEqualTo(200);
        assertThat(view.acted).hasSize(1);
    }

    @Test
    void basicAuthGuardsEveryRequest() throws Exception {
        Files.writeString(dir.resolve("pw"), "pa55word\n");
        start(true, new HttpConfig.Auth("tech", dir.resolve("pw"), null, null, null));
        HttpResponse<String> anonymous = page.get("/");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("www-authenticate")).hasValue(
                "Basic realm=\"edgeinfer dev-1\", charset=\"UTF-8\"");
        assertThat(page.get("/api/events").statusCode()).isEqualTo(401);
        String wrong = "Basic " + Base64.getEncoder().encodeToString("tech:guess".getBytes(StandardCharsets.UTF_8));
        assertThat(page.get("/api/status", "Authorization", wrong).statusCode()).isEqualTo(401);
        String right = "Basic " + Base64.getEncoder().encodeToString("tech:pa55word".getBytes(StandardCharsets.UTF_8));
        assertThat(page.get("/", "Authorization", right).statusCode()).isEqualTo(200);
        assertThat(page.act(ROLLBACK, "Authorization", right).statusCode()).isEqualTo(200);
        assertThat(view.acted).hasSize(1);
    }

    @Test
    void aCommandThatRefusesIsAConflictWithItsCode() throws Exception {
        start(true, HttpConfig.Auth.NONE);
        view.result = new DeviceView.ActionResult(false, "no_previous_version", "there is no previous model version",
                Map.of("ok", false, "code", "no_previous_version"));
        HttpResponse<String> r = page.act(ROLLBACK);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(PageClient.json(r).get("code").asText()).isEqualTo("no_previous_version");
        assertThat(schema.violations("action_result", PageClient.json(r))).isEmpty();
    }

    @Test
    void oneActionRunsAtATime() throws Exception {
        start(true, HttpConfig.Auth.NONE);
        view.pending = new CompletableFuture<>();
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return page.act(ROLLBACK);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().until(() -> view.acted.size() == 1);
        assertThat(page.act(RESTART).statusCode()).isEqualTo(429);
        view.pending.complete(view.result);
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(view.acted).hasSize(1);
    }
}
