package io.edgeinfer.capture;

import io.edgeinfer.config.CaptureConfig;
import io.edgeinfer.mqtt.TlsSockets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a pipeline's items to the site's server on a schedule: each item, oldest first, is PUT to
 * {@code capture.upload.url/DEVICE/PIPELINE/ID.json} and deleted only once the server answered 2xx.
 * A run that fails stops at that item and is tried again sooner (5 s doubling, at most the interval);
 * the next run resumes with whatever is still on disk, and a PUT of an item the server already has
 * (its answer was lost) names the same URL, so nothing is lost or stored twice. The certificate and
 * host name are verified; redirects are refused (one could lead the data elsewhere).
 */
final class Uploader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Uploader.class);
    private static final long FIRST_RETRY_MS = 5000;
    private static final int PER_LIST = 500;

    private final CaptureConfig.Upload config;
    private final PipelineCapture capture;
    private final String base;
    private final ScheduledExecutorService thread;
    private HttpClient client;
    private long retryMs = FIRST_RETRY_MS;

    Uploader(CaptureConfig.Upload config, PipelineCapture capture, String deviceId) {
        this.config = config;
        this.capture = capture;
        this.base = config.url() + "/" + deviceId + "/" + capture.pipeline() + "/";
        ScheduledThreadPoolExecutor one = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "edgeinfer-capture-upload-" + capture.pipeline());
            t.setDaemon(true);
            return t;
        });
        // The next run may be an interval away: close() must not wait for it.
        one.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = one;
    }

    void start() {
        start(intervalMs());
    }

    /** The first run after {@code firstMs}, then every interval. */
    void start(long firstMs) {
        schedule(firstMs);
    }

    private long intervalMs() {
        return Math.round(config.intervalS() * 1000);
    }

    private void schedule(long ms) {
        if (!thread.isShutdown()) {
            thread.schedule(this::runOnce, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void runOnce() {
        long next = intervalMs();
        try {
            int sent = uploadAll();
            retryMs = FIRST_RETRY_MS;
            if (sent > 0) {
                LOG.info("pipeline {}: {} capture item(s) uploaded to {}", capture.pipeline(), sent, config.url()
                        .getHost());
            }
        } catch (UploadException e) {
            capture.stats().uploadFailed(e.getMessage());
            LOG.warn("pipeline {}: capture upload failed, retrying in {} s: {}", capture.pipeline(), retryMs / 1000, e
                    .getMessage());
            next = Math.min(retryMs, next);
            retryMs = Math.min(retryMs * 2, intervalMs());
        } catch (Throwable t) {
            LOG.error("pipeline {}: capture upload run failed", capture.pipeline(), t);
        }
        schedule(next);
    }

    /** Every item on disk now, oldest first; returns how many the server acknowledged. */
    int uploadAll() throws UploadException {
        CaptureStore store;
        try {
            store = capture.store();
        } catch (IOException e) {
            throw new UploadException(e.getMessage());
        }
        int sent = 0;
        String after = null;
        List<CaptureStore.Entry> page;
        while (!(page = store.list(after, PER_LIST)).isEmpty() && !thread.isShutdown()) {
            for (CaptureStore.Entry e : page) {
                after = e.id();
                if (send(store, e.id())) {
                    sent++;
                }
            }
        }
        return sent;
    }

    private boolean send(CaptureStore store, String id) throws UploadException {
        byte[] bytes;
        try {
            bytes = store.read(id);
            capture.checked(id, bytes);
        } catch (NoSuchFileException e) {
            return false; // fetched and deleted meanwhile, or dropped for room
        } catch (DamagedItemException e) {
            return false; // removed and counted by checked()
        } catch (IOException e) {
            throw new UploadException("item " + id + " cannot be read: " + StoreSlot.describe(e));
        }
        URI uri = URI.create(base + id + CaptureStore.SUFFIX);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(config.timeoutS()))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        try {
            HttpResponse<Void> r = client().send(req, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                throw new UploadException(uri + " answered HTTP " + r.statusCode());
            }
        } catch (SSLHandshakeException e) {
            throw new UploadException("TLS to " + uri.getHost() + " failed: " + e.getMessage()
                    + " (is its certificate signed by a CA in capture.upload.ca_file, and does it name the host?)");
        } catch (IOException e) {
            throw new UploadException("PUT " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadException("upload interrupted");
        }
        try {
            store.delete(id);
        } catch (IOException e) {
            throw new UploadException("item " + id + " was uploaded but cannot be deleted: " + StoreSlot.describe(e));
        }
        capture.stats().uploaded();
        return true;
    }

    private HttpClient client() throws UploadException {
        if (client == null) {
            try {
                client = HttpClient.newBuilder().sslContext(TlsSockets.clientContext(config.caFile()))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(config.timeoutS())).build();
            } catch (GeneralSecurityException | IOException e) {
                throw new UploadException("capture.upload.ca_file cannot be used: " + e.getMessage());
            }
        }
        return client;
    }

    /** Stops after the item in progress. Idempotent. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(config.timeoutS() + 1L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A run that stopped: the message says at which item and why. */
    static final class UploadException extends Exception {
        UploadException(String message) {
            super(message);
        }
    }
}
