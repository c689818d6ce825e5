package io.edgeinfer.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.WindowConfig;
import io.edgeinfer.model.SignalFlag;
import io.edgeinfer.model.Window;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamWindowsTest {
    private static final long P = 10_000_000; // 100 Hz

    /** A source that hands over prepared blocks on the caller's thread. */
    private static final class Blocks implements SensorSource {
        SampleSink sink;

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public double rateHz() {
            return 100;
        }

        @Override
        public FullScale fullScale() {
            return FullScale.of(1, -1f, 1f);
        }

        @Override
        public void start(SampleSink s) {
            sink = s;
        }

        @Override
        public void close() {
        }

        void send(long first, float... v) throws InterruptedException {
            sink.accept(new SampleBlock(first, P, 1, v.length, v));
        }
    }

    private final Blocks blocks = new Blocks();
    private final SourceStats stats = new SourceStats();
    private final List<Window> out = new ArrayList<>();

    StreamWindowsTest() {
        new StreamWindows(blocks, new WindowConfig(4, 2), stats).start(out::add);
    }

    @Test
    void windowsAreFlaggedAndCounted() throws Exception {
        blocks.send(0, 0.1f, 0.2f, 0.3f, 0.4f, 1f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f);
        assertThat(out).extracting(w -> w.flags().size()).containsExactly(0, 1, 1, 1);
        assertThat(out.get(1).flags()).containsExactly(SignalFlag.SATURATED);
        assertThat(out.get(3).flags()).containsExactly(SignalFlag.STUCK);
        assertThat(stats.saturatedWindowsTotal()).isEqualTo(2);
        assertThat(stats.stuckWindowsTotal()).isEqualTo(1);
    }

    @Test
    void aGapInTheStreamStartsTheWindowingAfresh() throws Exception {
        blocks.send(0, 0.1f, 0.2f, 0.3f);
        // 3 samples later as expected: continues; then a 1 s gap (at 100 Hz, anything over 50 ms is one).
        blocks.send(3 * P, 0.4f, 0.5f);
        blocks.send(3 * P + 2 * P + 1_000_000_000L, 0.6f, 0.7f, 0.8f);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).data()).containsExactly(0.1f, 0.2f, 0.3f, 0.4f);
        blocks.send(3 * P + 5 * P + 1_000_000_000L, 0.9f);
        assertThat(out).hasSize(2);
        assertThat(out.get(1).data()).as("no sample from before the gap").containsExactly(0.6f, 0.7f, 0.8f, 0.9f);
        assertThat(out).extracting(Window::index).as("one window, one index, for the daemon's lifetime")
                .containsExactly(0L, 1L);
    }
}
