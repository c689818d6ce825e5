package io.edgeinfer.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.config.ImageDirConfig;
import io.edgeinfer.model.Window;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.sensor.Timebase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDirSourceTest {
    private final SourceStats stats = new SourceStats();
    private final List<Window> windows = new CopyOnWriteArrayList<>();
    private ImageDirSource source;

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private void start(Path done) {
        source = new ImageDirSource(new ImageDirConfig(dir, done, 50, Recorded.IMAGE), new Timebase(Clock.systemUTC()),
                new Health(), stats);
        source.start(windows::add);
    }

    @Test
    void filesPresentAtStartAndDroppedLaterAreEachReadOnceAndMovedToDone() throws Exception {
        List<byte[]> f = Recorded.frames();
        Files.write(dir.resolve("b.jpg"), f.get(1));
        Files.write(dir.resolve("a.jpg"), f.get(0));
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        Path done = dir.resolve("done");
        start(done);
        await().atMost(Duration.ofSeconds(10)).until(() -> windows.size() >= 2);
        assertThat(windows).extracting(Window::origin).containsExactly("a.jpg", "b.jpg");
        assertThat(windows.get(0).dims()).containsExactly(3, 64, 64);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(done.resolve("b.jpg")));
        assertThat(dir.resolve("a.jpg")).doesNotExist();

        // Written elsewhere, then moved in, as the docs advise.
        Files.write(dir.resolve("c.tmp"), f.get(2));
        Files.move(dir.resolve("c.tmp"), dir.resolve("c.jpeg"));
        await().atMost(Duration.ofSeconds(10)).until(() -> windows.size() >= 3);
        assertThat(windows.get(2).origin()).isEqualTo("c.jpeg");
        assertThat(dir.resolve("notes.txt")).exists();
        assertThat(stats.corruptFramesTotal()).isZero();
    }

    @Test
    void withoutADoneFolderFilesStayAndAreNotReadTwice() throws Exception {
        Files.write(dir.resolve("x.jpg"), Recorded.frames().get(0));
        start(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> windows.size() >= 1);
        Files.write(dir.resolve("y.jpg"), Recorded.frames().get(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> windows.size() >= 2);
        // Several rescans later, still one window per file.
        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3)).until(() -> windows.size() == 2);
        assertThat(windows).extracting(Window::origin).containsExactly("x.jpg", "y.jpg");
        assertThat(dir.resolve("x.jpg")).exists();
    }

    @Test
    void aFileThatDoesNotDecodeIsCountedAndLeftInPlace() throws Exception {
        Files.writeString(dir.resolve("broken.png"), "this is not a png");
        Files.write(dir.resolve("good.png"), Recorded.frames().get(0));
        Path done = dir.resolve("done");
        start(done);
        await().atMost(Duration.ofSeconds(10)).until(() -> windows.size() >= 1 && stats.corruptFramesTotal() >= 1);
        assertThat(windows).extracting(Window::origin).containsExactly("good.png");
        assertThat(dir.resolve("broken.png")).exists();
        assertThat(stats.corruptFramesTotal()).isEqualTo(1);
    }
}
