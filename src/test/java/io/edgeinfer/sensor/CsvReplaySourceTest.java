package io.edgeinfer.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.config.CsvReplayConfig;
import io.edgeinfer.data.CsvRecording;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReplaySourceTest {
    @TempDir
    Path dir;

    private final SourceStats stats = new SourceStats();
    private final List<SampleBlock> blocks = new CopyOnWriteArrayList<>();
    private CsvReplaySource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    /** {@code rows} samples at {@code rate} Hz: columns t, a (= row number), b (= -row). */
    private Path recording(int rows, double rate) throws Exception {
        StringBuilder s = new StringBuilder("t,a,b\n");
        for (int i = 0; i < rows; i++) {
            s.append(String.format(Locale.ROOT, "%.6f,%d,%d%n", 12.5 + i / rate, i, -i));
        }
        return Files.writeString(dir.resolve("rec.csv"), s);
    }

    private void start(Path file, List<String> columns, double speed, boolean loop) throws Exception {
        CsvRecording.Header h = CsvRecording.inspect(file, "t");
        source = new CsvReplaySource(new CsvReplayConfig(file, "t", columns, h.rateHz(), speed, loop, null),
                new Timebase(Clock.systemUTC()), stats);
        source.start(blocks::add);
    }

    private List<Float> column(int channel, int channels) {
        return blocks.stream().flatMap(b -> {
            Float[] v = new Float[b.count()];
            for (int i = 0; i < b.count(); i++) {
                v[i] = b.values()[i * channels + channel];
            }
            return Arrays.stream(v);
        }).toList();
    }

    @Test
    void theHeaderGivesTheColumnsAndTheRateComesFromTheTimestamps() throws Exception {
        CsvRecording.Header h = CsvRecording.inspect(recording(50, 250), "t");
        assertThat(h.columns()).containsExactly("a", "b");
        assertThat(h.rateHz()).isCloseTo(250, Offset.offset(0.01));
    }

    @Test
    void samplesReplayInOrderAtTheRecordedPace() throws Exception {
        Path f = recording(100, 200);
        long t0 = System.nanoTime();
        start(f, List.of("b", "a"), 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> blocks.stream().mapToInt(SampleBlock::count).sum() == 100);
        long took = System.nanoTime() - t0;
        // 100 samples at 200 Hz span 0.495 s of recording.
        assertThat(took).isGreaterThan(480_000_000L);
        assertThat(column(1, 2)).containsExactly(IntStream.range(0, 100).mapToObj(i -> (float) i).toArray(
                Float[]::new));
        assertThat(column(0, 2).get(7)).isEqualTo(-7f);
        SampleBlock first = blocks.get(0);
        SampleBlock second = blocks.get(1);
        assertThat(first.periodNanos()).isBetween(4_900_000L, 5_100_000L);
        assertThat(second.firstNanos() - first.timestampNanos(first.count() - 1)).isBetween(4_900_000L, 5_100_000L);
    }

    @Test
    void speedZeroReplaysAsFastAsTakenAndLoopStartsOver() throws Exception {
        start(recording(30, 100), List.of("a"), 0, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> blocks.stream().mapToInt(SampleBlock::count).sum() >= 90);
        List<Float> a = column(0, 1);
        assertThat(a.subList(28, 33)).containsExactly(28f, 29f, 0f, 1f, 2f);
        // The second pass continues the timeline one period after the first pass's last sample.
        long lastOfFirst = -1;
        long firstOfSecond = -1;
        int seen = 0;
        for (SampleBlock b : blocks) {
            for (int i = 0; i < b.count(); i++, seen++) {
                if (seen == 29) {
                    lastOfFirst = b.timestampNanos(i);
                } else if (seen == 30) {
                    firstOfSecond = b.timestampNanos(i);
                }
            }
        }
        assertThat(firstOfSecond - lastOfFirst).isBetween(9_000_000L, 11_000_000L);
    }

    @Test
    void aMalformedRowIsCountedAndSkipped() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.csv"), "t,a\n0.00,1\n0.01,2\n0.02,oops\n0.03,4\n");
        // (The config check would refuse this file: it reads the first rows. A bad row further in
        // is met only during the replay.)
        source = new CsvReplaySource(new CsvReplayConfig(f, "t", List.of("a"), 100, 0, false, null),
                new Timebase(Clock.systemUTC()), stats);
        source.start(blocks::add);
        await().atMost(Duration.ofSeconds(5)).until(() -> blocks.stream().mapToInt(SampleBlock::count).sum() == 3);
        assertThat(column(0, 1)).containsExactly(1f, 2f, 4f);
        assertThat(stats.readErrorsTotal()).isEqualTo(1);
    }
}
