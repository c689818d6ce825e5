package io.edgeinfer.telemetry.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeinfer.telemetry.board.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPU-utilisation model on a fake /proc/stat and an injected clock. */
class EstimateMeterTest {
    @TempDir
    Path root;

    private final ManualNanoClock clock = new ManualNanoClock();

    /** user nice system idle iowait irq softirq steal guest guest_nice, in jiffies. */
    private void stat(long user, long system, long idle, long iowait, long steal) {
        Fixtures.write(root, "proc/stat", "cpu  " + user + " 0 " + system + " " + idle + " " + iowait + " 0 0 " + steal
                + " 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1234\n");
    }

    @Test
    void energyFollowsIdlePlusTheBusyShareOfTheSpan() throws Exception {
        stat(1000, 500, 8000, 500, 0);
        EstimateMeter m = new EstimateMeter(2.7, 6.4, "board table", root.resolve("proc/stat"), clock);
        assertThat(m.read().joules()).isZero();
        // 10 s later: 100 busy + 300 idle jiffies -> 25 % busy -> 2.7 + 3.7 x 0.25 = 3.625 W for 10 s.
        clock.advanceSeconds(10);
        stat(1080, 520, 8250, 550, 0);
        assertThat(m.read().joules()).isCloseTo(36.25, within(1e-9));
        // Then 2 s fully busy: 6.4 W.
        clock.advanceSeconds(2);
        stat(1480, 520, 8250, 550, 0);
        assertThat(m.read().joules()).isCloseTo(36.25 + 12.8, within(1e-9));
    }

    @Test
    void stolenTimeIsNotThisBoardsWork() throws Exception {
        stat(0, 0, 0, 0, 0);
        EstimateMeter m = new EstimateMeter(1, 3, "config", root.resolve("proc/stat"), clock);
        m.read();
        clock.advanceSeconds(1);
        stat(50, 0, 50, 0, 900); // half busy; the hypervisor's steal is left out
        assertThat(m.read().joules()).isCloseTo(2, within(1e-9));
    }

    @Test
    void aSpanWithNoTickCountedIsCarriedIntoTheNext() throws Exception {
        stat(0, 0, 100, 0, 0);
        EstimateMeter m = new EstimateMeter(1, 3, "config", root.resolve("proc/stat"), clock);
        m.read();
        clock.advanceSeconds(0.5);
        assertThat(m.read().joules()).as("no jiffy yet: nothing known, nothing counted").isZero();
        clock.advanceSeconds(0.5);
        stat(0, 0, 200, 0, 0); // idle throughout the whole second
        assertThat(m.read().joules()).isCloseTo(1, within(1e-9));
    }

    @Test
    void anUnreadableStatFailsTheReading() {
        EstimateMeter m = new EstimateMeter(1, 3, "config", root.resolve("proc/stat"), clock);
        assertThatThrownBy(m::read).isInstanceOf(PowerMeterException.class).hasMessageContaining("proc/stat");
        Fixtures.write(root, "proc/stat", "intr 1 2 3\n");
        assertThatThrownBy(m::read).isInstanceOf(PowerMeterException.class).hasMessageContaining(
                "unexpected first line");
    }

    @Test
    void boardTableKnowsPiGenerationsByTheirDeviceTreeModel() {
        assertThat(BoardPowerTable.lookup("Raspberry Pi 4 Model B Rev 1.5")).hasValueSatisfying(b -> {
            assertThat(b.idleW()).isEqualTo(2.7);
            assertThat(b.fullW()).isEqualTo(6.4);
        });
        assertThat(BoardPowerTable.lookup("Raspberry Pi 3 Model B Plus Rev 1.3").orElseThrow().fullW()).isEqualTo(5.1);
        assertThat(BoardPowerTable.lookup("Raspberry Pi 3 Model B Rev 1.2").orElseThrow().fullW()).isEqualTo(3.7);
        assertThat(BoardPowerTable.lookup("Raspberry Pi 5 Model B Rev 1.0")).as("measures itself: pmic").isEmpty();
        assertThat(BoardPowerTable.lookup(null)).isEmpty();
    }
}
