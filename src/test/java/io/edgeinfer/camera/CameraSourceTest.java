package io.edgeinfer.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.config.CameraConfig;
import io.edgeinfer.pipeline.Window;
import io.edgeinfer.sensor.Backoff;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.sensor.Timebase;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The camera source fed by a real subprocess writing a recorded MJPEG stream to its stdout. */
class CameraSourceTest {
    private final Health health = new Health();
    private final SourceStats stats = new SourceStats();
    private final List<Window> windows = new CopyOnWriteArrayList<>();
    private final List<Health.State> changes = new CopyOnWriteArrayList<>();
    private CameraSource camera;

    @TempDir
    Path dir;

    CameraSourceTest() {
        health.onChange(changes::add);
    }

    @AfterEach
    void close() {
        if (camera != null) {
            camera.close();
        }
    }

    private void start(String... command) {
        CameraConfig c = new CameraConfig(List.of(command), null, 10, 30, Recorded.IMAGE, null);
        camera = new CameraSource(c, new Timebase(Clock.systemUTC()), health, stats, new Backoff(100, 400));
        camera.start(windows::add);
    }

    @Test
    void eachFrameOfTheStreamBecomesOneImageWindowOfTheModelShape() {
        long before = System.currentTimeMillis();
        start("cat", Recorded.STREAM.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> windows.size() >= 20);
        Window w = windows.get(0);
        assertThat(w.dims()).containsExactly(3, 64, 64);
        assertThat(w.data()).hasSize(3 * 64 * 64);
        assertThat(w.startEpochMs()).isBetween(before, System.currentTimeMillis());
        assertThat(windows.subList(0, 20)).extracting(Window::index).containsExactly(
                0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
        for (Window x : windows.subList(0, 20)) {
            for (float v : x.data()) {
                assertThat(v).isBetween(-2.2f, 2.7f); // within (0 - mean) / std .. (1 - mean) / std
            }
        }
        assertThat(stats.corruptFramesTotal()).isZero();
    }

    @Test
    void aProcessThatExitsIsRestartedWithBackoffAndReportedDegradedMeanwhile() {
        start("cat", Recorded.STREAM.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> stats.restartsTotal() >= 2 && windows.size() >= 60);
        assertThat(changes).extracting(Health.State::key).contains("degraded", "ok");
        Health.State degraded = changes.stream().filter(Health.State::degraded).findFirst().orElseThrow();
        assertThat(degraded.reason()).contains("camera process cat exited with code 0", "restarting");
    }

    @Test
    void theLastErrorLineOfACrashingCameraIsTheReason() {
        start("sh", "-c", "echo 'starting' >&2; echo 'ERROR: *** no cameras available ***' >&2; exit 255");
        await().atMost(Duration.ofSeconds(10)).until(() -> health.state().degraded());
        assertThat(health.state().reason())
                .contains("exited with code 255: ERROR: *** no cameras available ***");
        assertThat(windows).isEmpty();
    }

    @Test
    void aCommandThatCannotStartIsDegradedAndRetried() {
        start("/nonexistent/rpicam-vid");
        await().atMost(Duration.ofSeconds(10)).until(() -> stats.restartsTotal() >= 2);
        assertThat(health.state().reason()).contains("/nonexistent/rpicam-vid cannot start");
    }

    @Test
    void aCorruptFrameIsSkippedAndCounted() throws Exception {
        List<byte[]> f = Recorded.frames();
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(f.get(0));
        s.writeBytes(Arrays.copyOf(f.get(1), f.get(1).length / 2)); // cut short by the next frame
        byte[] damaged = f.get(2).clone();
        for (int i = damaged.length / 2; i < damaged.length / 2 + 40; i += 2) {
            damaged[i] = (byte) 0xFF;
            damaged[i + 1] = (byte) 0xD3;
        }
        s.writeBytes(damaged);
        s.writeBytes(f.get(3));
        Path stream = Files.write(dir.resolve("corrupt.mjpeg"), s.toByteArray());
        // Once through, then idle: no restart muddles the count.
        start("sh", "-c", "cat '" + stream + "'; exec sleep 30");
        await().atMost(Duration.ofSeconds(10)).until(() -> windows.size() >= 2 && stats.corruptFramesTotal() >= 2);
        assertThat(windows).hasSize(2);
        assertThat(stats.corruptFramesTotal()).isEqualTo(2);
    }

    @Test
    void closeStopsTheProcessPromptly() {
        start("sh", "-c", "cat '" + Recorded.STREAM + "'; exec sleep 60");
        await().atMost(Duration.ofSeconds(10)).until(() -> windows.size() >= 20);
        long t0 = System.nanoTime();
        camera.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(stats.restartsTotal()).isZero();
    }
}
