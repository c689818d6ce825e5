package io.edgeinfer.camera;

import io.edgeinfer.config.CameraConfig;
import io.edgeinfer.model.Window;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames from a camera process's standard output (MJPEG), one window each. A process that cannot
 * start, exits, or stays alive without sending a complete frame for {@code stall_timeout_s} (plus
 * {@link #START_GRACE} before its first frame) is reported degraded with the reason and its last
 * error line, stopped with everything it started, and restarted with capped exponential backoff;
 * the first good frame after that reports ok. A frame that does not decode is skipped and counted.
 * Frames are stamped when their last byte arrives.
 */
public final class CameraSource implements WindowSource {
    private static final Logger LOG = LoggerFactory.getLogger(CameraSource.class);
    static final String COMPONENT = "camera";
    /** Warm-up allowed before the first frame: rpicam-vid's sensor set-up, ffmpeg opening a USB camera. */
    static final Duration START_GRACE = Duration.ofSeconds(10);
    private static final int MAX_FRAME_BYTES = 16 << 20;
    private static final long KILL_GRACE_MS = 2000;

    private final CameraConfig config;
    private final Timebase time;
    private final Health health;
    private final SourceStats stats;
    private final Backoff backoff;
    private final ImageDecoder decoder = new ImageDecoder();
    private final ImagePreprocessor preprocessor;
    private final AcquisitionThread acquisition = new AcquisitionThread("edgeinfer-camera");
    private final FrameWatchdog watchdog;
    private volatile Process process;
    private volatile String lastError;
    private volatile String stalled;
    private long index;
    private long lastCorruptLog;

    public CameraSource(CameraConfig config, Timebase time, Health health, SourceStats stats, Backoff backoff) {
        this(config, time, health, stats, backoff, START_GRACE);
    }

    /** @param startGrace shorter in tests than {@link #START_GRACE} */
    CameraSource(CameraConfig config, Timebase time, Health health, SourceStats stats, Backoff backoff,
            Duration startGrace) {
        this.config = config;
        this.time = time;
        this.health = health;
        this.stats = stats;
        this.backoff = backoff;
        this.preprocessor = new ImagePreprocessor(config.image());
        long timeoutMs = Math.round(config.stallTimeoutS() * 1000);
        this.watchdog = new FrameWatchdog(Duration.ofMillis(timeoutMs), startGrace, System::nanoTime);
    }

    @Override
    public void start(WindowSink sink) {
        acquisition.start(() -> run(sink));
        watchdog.start("edgeinfer-camera-watchdog");
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

    /** Runs the camera command until its output ends or the watchdog stops it; returns why it ended. */
    private String runProcess(WindowSink sink) throws InterruptedException {
        Process p;
        lastError = null;
        stalled = null;
        try {
            p = new ProcessBuilder(config.resolvedCommand()).start();
        } catch (IOException e) {
            stats.readError();
            return "camera command " + config.resolvedCommand().get(0) + " cannot start: " + e.getMessage();
        }
        process = p;
        String name = "camera process " + config.resolvedCommand().get(0);
        watchdog.arm(() -> stall(p, name));
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
        watchdog.disarm();
        boolean exited = p.waitFor(1, TimeUnit.SECONDS);
        if (!exited) {
            stopProcess();
        }
        errors.join(1000);
        String why = stalled != null
                ? stalled
                : exited ? name + " exited with code " + p.exitValue() : name + " stopped sending frames";
        return lastError == null ? why : why + ": " + lastError;
    }

    /** On the watchdog's thread: ending the process ends its output, and so the read loop above. */
    private void stall(Process p, String name) {
        stalled = name + " sent no frame for " + seconds(config.stallTimeoutS()) + " s";
        stop(p);
    }

    private void frame(MjpegSplitter.Frame f, long at, long ready, WindowSink sink) throws InterruptedException {
        float[] data;
        try {
            if (!f.complete()) {
                throw new CorruptImageException("frame cut short after " + f.bytes().length + " bytes");
            }
            watchdog.frame();
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
        watchdog.hold(); // overflow block: the process waits on us, not the other way round
        try {
            sink.accept(Window.image(index++, at, ready, 3, config.image().height(), config.image().width(), data,
                    null));
        } finally {
            watchdog.release();
        }
    }

    /** Keeps the process's last error line for the degraded reason; logs the rest at debug. */
    private Thread drainErrors(Process p) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
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
        if (p != null) {
            stop(p);
        }
    }

    /**
     * Asks the process and everything it started to end, then kills what is left after the grace:
     * a wrapper script's children hold the output pipe open just as the process does.
     */
    private static void stop(Process p) {
        List<ProcessHandle> tree = Stream.concat(Stream.of(p.toHandle()), p.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        CompletableFuture<?> gone = CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit)
                .toArray(CompletableFuture[]::new));
        try {
            gone.get(KILL_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            waitFor(p);
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(KILL_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    /** Ends the process first: the thread may be blocked reading its output, which no interrupt ends. */
    @Override
    public void close() {
        acquisition.stop(5000, () -> {
            watchdog.close();
            stopProcess();
        });
    }
}
