package io.edgeinfer.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiMode;
import io.edgeinfer.config.Mcp3008Config;
import io.edgeinfer.hardware.sim.Mcp3008Sim;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.sensor.SampleBlock;
import io.edgeinfer.sensor.Timebase;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real MCP3008 driver against the transaction-level simulator behind Pi4J's mock SPI. */
class Mcp3008Test {
    private final SimulatedBoard board = new SimulatedBoard();
    private final Context context = board.newContext();
    private final Timebase time = new Timebase(Clock.systemUTC());
    private Mcp3008 driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        context.shutdown();
    }

    private Mcp3008 open(List<Integer> inputs, double rate) throws Exception {
        driver = (Mcp3008) Chips.device(new Mcp3008Config(0, 0, 1_350_000, rate, inputs, 3.3, null), context, time);
        driver.open();
        return driver;
    }

    @Test
    void eachInputIsConvertedInChannelOrderAndScaledToVolts() throws Exception {
        List<Integer> converted = new CopyOnWriteArrayList<>();
        // Input n sits at n * 0.4 V: code floor(n * 0.4 / 3.3 * 1024).
        Mcp3008Sim chip = new Mcp3008Sim(3.3, (ch, t) -> ch * 0.4);
        chip.setListener((ch, t) -> converted.add(ch));
        board.attachSpi(0, 0, chip);
        Mcp3008 d = open(List.of(5, 0, 7), 1000);
        converted.clear();
        SampleBlock b = d.read();
        assertThat(b.channels()).isEqualTo(3);
        assertThat(b.count()).isEqualTo(10);
        assertThat(b.periodNanos()).isEqualTo(1_000_000);
        float[] first = {b.values()[0], b.values()[1], b.values()[2]};
        assertThat(first).containsExactly(code(2.0) * 3.3f / 1024, 0f, code(2.8) * 3.3f / 1024);
        assertThat(converted.subList(0, 3)).containsExactly(5, 0, 7);
        assertThat(converted).hasSize(30);
        Spi spi = context.registry().allByType(Spi.class).values().iterator().next();
        assertThat(spi.config().mode()).isEqualTo(SpiMode.MODE_0);
    }

    private static int code(double volts) {
        return (int) Math.floor(volts / 3.3 * 1024);
    }

    @Test
    void railsAreTheFullScale() throws Exception {
        board.attachSpi(0, 0, new Mcp3008Sim(3.3, (ch, t) -> ch == 0 ? 5.0 : -1.0));
        Mcp3008 d = open(List.of(0, 1), 500);
        SampleBlock b = d.read();
        assertThat(b.values()[0]).isEqualTo((float) (1023 * 3.3 / 1024));
        assertThat(b.values()[1]).isZero();
        assertThat(d.fullScale().clipped(0, b.values()[0])).isTrue();
        assertThat(d.fullScale().clipped(1, b.values()[1])).isTrue();
    }

    @Test
    void aMissingChipReadsAsAFloatingBusAndIsRefused() {
        Mcp3008Sim chip = new Mcp3008Sim(3.3, (ch, t) -> 1.0);
        chip.setPresent(false);
        board.attachSpi(0, 0, chip);
        assertThatThrownBy(() -> open(List.of(0), 100))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("MCP3008 on /dev/spidev0.0: no MCP3008 answering");
    }

    @Test
    void samplesAreTakenAtTheConfiguredPace() throws Exception {
        List<Long> instants = new CopyOnWriteArrayList<>();
        Mcp3008Sim chip = new Mcp3008Sim(3.3, (ch, t) -> 1.0);
        board.attachSpi(0, 0, chip);
        // The schedule starts when the driver opens; a busy machine may start the reads late, and
        // samples already due are then taken at once, so only the schedule's end is a bound.
        long t0 = System.nanoTime();
        Mcp3008 d = open(List.of(0), 200);
        chip.setListener((ch, t) -> instants.add(t));
        for (int i = 0; i < 5; i++) {
            d.read();
        }
        assertThat(instants).hasSize(10);
        // The 10th sample at 200 Hz is due 45 ms after the start: the driver never runs ahead.
        assertThat(instants.get(9) - t0).isGreaterThanOrEqualTo(44_000_000L);
    }
}
