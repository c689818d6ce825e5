package io.edgeinfer.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import io.edgeinfer.control.LocalHttps;
import io.edgeinfer.outbox.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled upload against a real https server on 127.0.0.1: items go oldest first, each is
 * deleted only once the server acknowledged it, a failed run resumes where it stopped, and a server
 * the device does not trust gets nothing.
 */
class UploaderTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Predictions.T0_MS);
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> received = new ConcurrentHashMap<>();
    /** PUT number (1-based) the server answers 503 to, once. */
    private final AtomicInteger failAt = new AtomicInteger(-1);
    private final AtomicInteger puts = new AtomicInteger();
    private LocalHttps server;
    private PipelineCapture capture;

    @AfterEach
    void close() {
        if (capture != null) {
            capture.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void receive(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getPath();
        paths.add(ex.getRequestMethod() + " " + path);
        if (puts.incrementAndGet() == failAt.get()) {
            ex.sendResponseHeaders(503, -1);
        } else {
            received.put(path, body);
            ex.sendResponseHeaders(201, -1);
        }
        ex.close();
    }

    /** Three items on disk, kept by a capture whose upload goes to the local server. */
    private List<CaptureStore.Entry> threeItems(boolean trustServer) throws Exception {
        server = new LocalHttps(dir, "uploads", "ip:127.0.0.1", this::receive);
        Map<String, Object> upload = new HashMap<>(Map.of("url", server.url("/up/"), "interval_s", 3600));
        if (trustServer) {
            upload.put("ca_file", server.certPem.toString());
        }
        capture = Captures.of(dir.resolve("capture"), clock, Map.of("min_confidence", 0.8, "upload", upload));
        capture.start();
        for (int i = 0; i < 3; i++) {
            capture.observer().inferred(Predictions.of(i, 0.5, 0.5, 0, 0));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.store().items() == 3);
        return capture.store().list(null, 10);
    }

    private Uploader uploader() {
        return new Uploader(capture.config().upload(), capture, "dev-1");
    }

    @Test
    void eachItemIsPutOldestFirstAndDeletedOnlyOnceTheServerAcknowledgedIt() throws Exception {
        List<CaptureStore.Entry> items = threeItems(true);
        Map<String, byte[]> onDisk = new HashMap<>();
        for (CaptureStore.Entry e : items) {
            onDisk.put("/up/dev-1/main/" + e.id() + ".json", capture.store().read(e.id()));
        }
        failAt.set(2);
        try (Uploader up = uploader()) {
            assertThatThrownBy(up::uploadAll).isInstanceOf(Uploader.UploadException.class).hasMessageContaining(
                    "HTTP 503")
                    .hasMessageContaining(items.get(1).id());
            assertThat(capture.store().list(null, 10)).as("the unacknowledged item and those after it stay")
                    .extracting(CaptureStore.Entry::id).containsExactly(items.get(1).id(), items.get(2).id());

            assertThat(up.uploadAll()).as("the next run resumes").isEqualTo(2);
        }
        assertThat(capture.store().items()).isZero();
        List<String> expected = new ArrayList<>();
        for (int i : new int[]{0, 1, 1, 2}) {
            expected.add("PUT /up/dev-1/main/" + items.get(i).id() + ".json");
        }
        assertThat(paths).as("oldest first; the refused one again, under the same name").containsExactlyElementsOf(
                expected);
        assertThat(received).hasSize(3);
        onDisk.forEach((path, bytes) -> assertThat(received.get(path)).as(path).isEqualTo(bytes));
        assertThat(capture.stats().figures().uploadedTotal()).isEqualTo(3);
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedGetsNothingAndTheItemsStay() throws Exception {
        threeItems(false);
        try (Uploader up = uploader()) {
            assertThatThrownBy(up::uploadAll).isInstanceOf(Uploader.UploadException.class).hasMessageContaining(
                    "127.0.0.1");
        }
        assertThat(paths).isEmpty();
        assertThat(capture.store().items()).isEqualTo(3);
    }

    @Test
    void aScheduledRunThatFailsIsCountedAndSaidThenRetried() throws Exception {
        threeItems(true);
        failAt.set(1);
        Uploader up = uploader();
        up.start(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> capture.store().items() == 0);
        long t0 = System.nanoTime();
        up.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("close does not wait for the next run, an hour away")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(capture.stats().figures().uploadErrorsTotal()).isEqualTo(1);
        assertThat(capture.stats().figures().lastProblem()).contains("upload: ").contains("HTTP 503");
        assertThat(capture.stats().figures().uploadedTotal()).isEqualTo(3);
    }
}
