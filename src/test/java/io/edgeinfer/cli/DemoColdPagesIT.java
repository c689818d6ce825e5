package io.edgeinfer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgeinfer.mqtt.EmbeddedBroker;
import io.edgeinfer.mqtt.Mosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a user runs it gives back the file pages libtorch touched only while it loaded (platform/ColdPages,
 * docs/deploy.md "Memory"): a minute after its first prediction its file-backed resident memory is well below what
 * it was then, and it goes on predicting.
 */
class DemoColdPagesIT {
    private static final Path DEMO = Path.of("config/demo.yaml").toAbsolutePath();
    private static final Pattern PAGED_OUT = Pattern.compile("paged out ([0-9.]+) MB of file pages touched once");

    @TempDir
    Path dir;

    @Test
    void aMinuteAfterTheFirstPredictionTheStartUpPagesAreGone() throws Exception {
        assumeTrue(kernelAtLeast(5, 4), "MADV_PAGEOUT needs Linux 5.4; this is " + System.getProperty("os.version"));
        // Under target/, not the temp folder: tmpfs pages are memory, which the kernel keeps without swap.
        Path cache = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "cold-pages-cache");
        assumeFalse("tmpfs".equals(Files.getFileStore(cache).type()), "target/ is on tmpfs");
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0)) {
            // Natives of its own (unpacked from the jar into the test's cache): the kernel reclaims no page another
            // process maps, and this test's JVM may have mapped the shared copy.
            String yaml = DemoLaunch.shipped(DEMO, broker.url()).replace("port: 9464", "port: 0")
                    .replace("port: 8080", "port: " + Mosquitto.freePort());
            Path cfg = Files.writeString(dir.resolve("demo.yaml"), yaml);
            ProcessBuilder pb = new ProcessBuilder(Path.of("bin/edgeinfer").toAbsolutePath().toString(), "run",
                    "--config", cfg.toString()).redirectOutput(dir.resolve("out").toFile())
                    .redirectError(dir.resolve("err").toFile());
            pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
            pb.environment().put("XDG_CACHE_HOME", cache.toString());
            pb.environment().put("EDGEINFER_APPCDS", "off");
            pb.environment().remove("EDGEINFER_COLD_PAGES");
            Process p = pb.start();
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> DemoLaunch.err(dir).contains("first prediction"));
                long atStart = fileRssKb(p.pid());

                await().atMost(Duration.ofSeconds(120)).until(() -> PAGED_OUT.matcher(DemoLaunch.err(dir)).find());
                Matcher m = PAGED_OUT.matcher(DemoLaunch.err(dir));
                assertThat(m.find()).isTrue();
                assertThat(Double.parseDouble(m.group(1))).as("MB the daemon says it gave back").isGreaterThan(20);
                // What the steady run uses comes back within seconds; the start-up's does not.
                Thread.sleep(5000);
                assertThat(fileRssKb(p.pid())).as("file-backed RSS, kB, against %d at the first prediction", atStart)
                        .isLessThan(atStart - 20 * 1024);
                assertThat(p.isAlive()).as(DemoLaunch.err(dir)).isTrue();
            } finally {
                DemoLaunch.stop(dir, p);
            }
        } finally {
            try (Stream<Path> files = Files.walk(cache)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static boolean kernelAtLeast(int major, int minor) {
        Matcher v = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(System.getProperty("os.version"));
        if (!v.find()) {
            return false;
        }
        int ma = Integer.parseInt(v.group(1));
        return ma > major || (ma == major && Integer.parseInt(v.group(2)) >= minor);
    }

    private static long fileRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("RssFile:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no RssFile in /proc/" + pid + "/status");
    }
}
