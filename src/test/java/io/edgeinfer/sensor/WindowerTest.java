package io.edgeinfer.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeinfer.model.Window;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowerTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long PERIOD = 2_500_000; // 400 Hz

    /** Samples numbered 0..n-1; channel c of sample i holds i * 10 + c. */
    private static SampleBlock block(int from, int count, int channels) {
        float[] v = new float[count * channels];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < channels; c++) {
                v[i * channels + c] = (from + i) * 10 + c;
            }
        }
        return new SampleBlock(T0 + from * PERIOD, PERIOD, channels, count, v);
    }

    @Test
    void emitsAWindowEveryHopOnceFullWithChannelMajorLayout() {
        List<Window> out = new ArrayList<>();
        Windower w = new Windower(2, 4, 2, out::add);
        w.accept(block(0, 9, 2));
        // samples 0..8: windows [0..3], [2..5], [4..7]
        assertThat(out).hasSize(3);
        assertThat(out.get(0).data()).containsExactly(0, 10, 20, 30, 1, 11, 21, 31);
        assertThat(out.get(1).data()).containsExactly(20, 30, 40, 50, 21, 31, 41, 51);
        assertThat(out.get(2).data()).containsExactly(40, 50, 60, 70, 41, 51, 61, 71);
        assertThat(out).extracting(Window::index).containsExactly(0L, 1L, 2L);
    }

    @Test
    void windowsCarryAcquisitionTimesOfFirstAndLastSample() {
        List<Window> out = new ArrayList<>();
        Windower w = new Windower(1, 4, 4, out::add);
        w.accept(block(0, 8, 1));
        assertThat(out.get(1).startNanos()).isEqualTo(T0 + 4 * PERIOD);
        assertThat(out.get(1).endNanos()).isEqualTo(T0 + 7 * PERIOD);
        assertThat(out.get(1).endEpochMs()).isEqualTo((T0 + 7 * PERIOD) / 1_000_000);
    }

    @Test
    void blockBoundariesDoNotMatter() {
        List<Window> whole = new ArrayList<>();
        new Windower(3, 5, 3, whole::add).accept(block(0, 20, 3));
        List<Window> pieces = new ArrayList<>();
        Windower w = new Windower(3, 5, 3, pieces::add);
        int[] sizes = {1, 2, 7, 3, 1, 6};
        int at = 0;
        for (int s : sizes) {
            w.accept(block(at, s, 3));
            at += s;
        }
        assertThat(pieces).hasSameSizeAs(whole);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(pieces.get(i).data()).containsExactly(whole.get(i).data());
            assertThat(pieces.get(i).startNanos()).isEqualTo(whole.get(i).startNanos());
        }
    }

    @Test
    void hopEqualToSizeTilesWithoutOverlap() {
        List<Window> out = new ArrayList<>();
        new Windower(1, 3, 3, out::add).accept(block(0, 10, 1));
        assertThat(out).hasSize(3);
        assertThat(out.get(2).data()).containsExactly(60, 70, 80);
    }

    @Test
    void rejectsBadGeometryAndWrongChannelCount() {
        assertThatThrownBy(() -> new Windower(1, 4, 5, w -> {
        })).isInstanceOf(IllegalArgumentException.class);
        Windower w = new Windower(2, 4, 2, x -> {
        });
        assertThatThrownBy(() -> w.accept(block(0, 4, 3))).hasMessageContaining("3 channels");
    }
}
