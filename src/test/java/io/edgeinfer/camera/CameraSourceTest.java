package io.edgeinfer.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.config.CameraConfig;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.WindowSource;
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
    /** When each health change was heard, and how many windows had arrived by then. */
    private final List<long[]> heard = new CopyOnWriteArrayList<>();
    private CameraSource camera;

    @TempDir
    Path dir;

    CameraSourceTest() {
        health.onChange(changes::add);
        health.onChange(s -> heard.add(new long[]{System.nanoTime(), windows.size()}));
    }

    @AfterEach
    void close() {
        if (camera != null) {
            camera.close();
        }
    }

    private void start(String... command) {
        start(30, CameraSource.START_GRACE, windows::add, command);
    }

    private void start(double stallTimeoutS, Duration startGrace, WindowSource.WindowSink sink, String... command) {
        CameraConfig c = new CameraConfig(List.of(command), null, 10, stallTimeoutS, Recorded.IMAGE, null);
        camera = new CameraSource(c, new Timebase(Clock.systemUTC()), health, stats, new Backoff(100, 400), startGrace);
        camera.start(sink);
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

    @Test
    void aCameraThatStaysAliveWithoutFramesIsKilledAndRestartedAndOkOnceFramesFlowAgain() throws Exception {
        ByteArrayOutputStream three = new ByteArrayOutputStream();
        Recorded.frames().subList(0, 3).forEach(three::writeBytes);
        Files.write(dir.resolve("three.mjpeg"), three.toByteArray());
        // The first run sends three frames, then hangs with the pipe open (and a child holding it too,
        // as a wrapper script's would); later runs stream.
        Path script = Files.writeString(dir.resolve("camera.sh"), """
                echo $$ >> "$1/runs"
                if [ -e "$1/hung" ]; then
                  while :; do cat "$2"; sleep 0.5; done
                fi
                cat "$1/three.mjpeg"
                sleep 600 &
                echo "$$ $!" > "$1/hung"
                wait
                """);
        start(2, CameraSource.START_GRACE, windows::add, "sh", script.toString(), dir.toString(), Recorded.STREAM
                .toString());

        await().atMost(Duration.ofSeconds(30)).until(() -> stats.restartsTotal() >= 1 && !heard.isEmpty());
        assertThat(changes.get(0).reason()).isEqualTo("camera process sh sent no frame for 2 s (restarting)");
        assertThat(heard.get(0)[1]).as("windows before the stall was reported").isEqualTo(3);
        assertThat(heard.get(0)[0] - windows.get(2).readyNanos()).as("not before the timeout")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
        long[] hung = Arrays.stream(Files.readString(dir.resolve("hung")).trim().split(" "))
                .mapToLong(Long::parseLong).toArray();
        for (long pid : hung) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(
                    true));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> windows.size() >= 3 + 20 && !health.state().degraded());
        List<String> runs = Files.readAllLines(dir.resolve("runs"));
        assertThat(runs).as("a new process after the hung one").hasSizeGreaterThanOrEqualTo(2).first()
                .isEqualTo(Long.toString(hung[0]));
        assertThat(changes).extracting(Health.State::key).containsSubsequence("degraded", "ok");
    }

    @Test
    void aCameraThatNeverSendsAFrameIsGivenTheStartGraceThenRestarted() {
        long t0 = System.nanoTime();
        start(1, Duration.ofSeconds(1), windows::add, "sh", "-c", "echo 'waiting for the camera' >&2; exec sleep 600");
        await().atMost(Duration.ofSeconds(30)).until(() -> stats.restartsTotal() >= 1 && !heard.isEmpty());
        assertThat(changes.get(0).reason())
                .isEqualTo("camera process sh sent no frame for 1 s: waiting for the camera (restarting)");
        assertThat(heard.get(0)[0] - t0).as("timeout + start grace").isGreaterThanOrEqualTo(Duration.ofSeconds(2)
                .toNanos());
        assertThat(windows).isEmpty();
    }

    @Test
    void aPipelineThatBlocksOnAFrameLongerThanTheTimeoutIsNoStall() {
        // A slow model behind overflow: block holds the camera thread; the camera then waits for us.
        WindowSource.WindowSink slow = w -> {
            if (w.index() == 0) {
                Thread.sleep(5000);
            }
            windows.add(w);
        };
        // Three times the stream (170 kB): more than the pipe and our read buffers hold, so cat is
        // blocked writing while the sink sleeps.
        String stream = "'" + Recorded.STREAM + "' ";
        start(2, CameraSource.START_GRACE, slow, "sh", "-c", "cat " + stream.repeat(3) + "; exec sleep 600");
        await().atMost(Duration.ofSeconds(40)).until(() -> stats.restartsTotal() >= 1 && !heard.isEmpty());
        assertThat(heard.get(0)[1]).as("windows before the (real) stall at the end of the stream").isEqualTo(60);
        assertThat(heard.get(0)[0] - windows.get(59).readyNanos()).as("stalled only after the last frame")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(changes.get(0).reason()).isEqualTo("camera process sh sent no frame for 2 s (restarting)");
    }
}
