package io.edgeinfer.camera;

import io.edgeinfer.config.CameraConfig;
import io.edgeinfer.pipeline.Window;
import io.edgeinfer.pipeline.WindowSource;
import io.edgeinfer.sensor.AcquisitionThread;
import io.edgeinfer.sensor.Backoff;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.sensor.Timebase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames from a camera process's standard output (MJPEG), one window each. A process that cannot
 * start or exits is reported degraded with its exit code and last error line, and restarted with
 * capped exponential backoff; the first good frame after that reports ok. A frame that does not
 * decode is skipped and counted. Frames are stamped when their last byte arrives.
 */
public final class CameraSource implements WindowSource {
    private static final Logger LOG = LoggerFactory.getLogger(CameraSource.class);
    static final String COMPONENT = "camera";
    private static final int MAX_FRAME_BYTES = 16 << 20;

    private final CameraConfig config;
    private final Timebase time;
    private final Health health;
    private final SourceStats stats;
    private final Backoff backoff;
    private final ImageDecoder decoder = new ImageDecoder();
    private final ImagePreprocessor preprocessor;
    private final AcquisitionThread acquisition = new AcquisitionThread("edgeinfer-camera");
    private volatile Process process;
    private volatile String lastError;
    private long index;
    private long lastCorruptLog;

    public CameraSource(CameraConfig config, Timebase time, Health health, SourceStats stats, Backoff backoff) {
        this.config = config;
        this.time = time;
        this.health = health;
        this.stats = stats;
        this.backoff = backoff;
        this.preprocessor = new ImagePreprocessor(config.image());
    }

    @Override
    public void start(WindowSink sink) {
        acquisition.start(() -> run(sink));
    }

    private void run(WindowSink sink) {
        try {
            while (acquisition.running()) {
                String ended = runProcess(sink);
                if (!acquisition.running()) {
                    break;
                }
                long wait = backoff.nextMillis();
                stats.restart();
                health.degraded(COMPONENT, ended + " (restarting)");
                LOG.warn("{}; restarting in {} ms", ended, wait);
                TimeUnit.MILLISECONDS.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopProcess();
        }
    }

    /** Runs the camera command until its output ends; returns why it ended. */
    private String runProcess(WindowSink sink) throws InterruptedException {
        Process p;
        lastError = null;
        try {
            p = new ProcessBuilder(config.resolvedCommand()).start();
        } catch (IOException e) {
            stats.readError();
            return "camera command " + config.resolvedCommand().get(0) + " cannot start: " + e.getMessage();
        }
        process = p;
        Thread errors = drainErrors(p);
        MjpegSplitter frames = new MjpegSplitter(p.getInputStream(), MAX_FRAME_BYTES);
        try {
            MjpegSplitter.Frame f;
            while (acquisition.running() && (f = frames.next()) != null) {
                long at = time.nowNanos();
                long ready = System.nanoTime();
                frame(f, at, ready, sink);
            }
        } catch (IOException e) {
            LOG.debug("camera output: {}", e.toString());
        }
        boolean exited = p.waitFor(1, TimeUnit.SECONDS);
        if (!exited) {
            stopProcess();
        }
        errors.join(1000);
        String name = "camera process " + config.resolvedCommand().get(0);
        String why = exited ? name + " exited with code " + p.exitValue() : name + " stopped sending frames";
        return lastError == null ? why : why + ": " + lastError;
    }

    private void frame(MjpegSplitter.Frame f, long at, long ready, WindowSink sink) throws InterruptedException {
        float[] data;
        try {
            if (!f.complete()) {
                throw new CorruptImageException("frame cut short after " + f.bytes().length + " bytes");
            }
            data = preprocessor.toTensor(decoder.decode(f.bytes()));
        } catch (CorruptImageException e) {
            stats.corruptFrame();
            long now = System.nanoTime();
            if (now - lastCorruptLog > TimeUnit.SECONDS.toNanos(10)) {
                lastCorruptLog = now;
                LOG.warn("skipping a corrupt camera frame ({} so far): {}", stats.corruptFramesTotal(), e.getMessage());
            }
            return;
        }
        backoff.reset();
        health.ok(COMPONENT);
        sink.accept(Window.image(index++, at, ready, 3, config.image().height(), config.image().width(), data, null));
    }

    /** Keeps the process's last error line for the degraded reason; logs the rest at debug. */
    private Thread drainErrors(Process p) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        lastError = line.strip();
                        LOG.debug("camera: {}", line);
                    }
                }
            } catch (IOException e) {
                LOG.debug("camera stderr: {}", e.toString());
            }
        }, "edgeinfer-camera-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void stopProcess() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the process first: the thread may be blocked reading its output, which no interrupt ends. */
    @Override
    public void close() {
        acquisition.stop(5000, this::stopProcess);
    }
}
