package io.edgeinfer.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiMode;
import io.edgeinfer.config.Adxl345Config;
import io.edgeinfer.config.Interface;
import io.edgeinfer.hardware.sim.Adxl345Sim;
import io.edgeinfer.hardware.sim.ChipSignal;
import io.edgeinfer.hardware.sim.Mpu6050Sim;
import io.edgeinfer.hardware.sim.RegisterChip.Write;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.sensor.SampleBlock;
import io.edgeinfer.sensor.Timebase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real ADXL345 driver against the register-level simulator behind Pi4J's mock I2C and SPI. */
class Adxl345Test {
    private final SimulatedBoard board = new SimulatedBoard();
    private final Context context = board.newContext();
    private final Timebase time = new Timebase(Clock.systemUTC());
    private Adxl345 driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        context.shutdown();
    }

    static Adxl345Config i2c(double rate, int range, int watermark) {
        return new Adxl345Config(Interface.I2C, 1, 0x53, null, null, rate, range, List.of("x", "y", "z"), watermark,
                null);
    }

    private Adxl345 onI2c(Adxl345Config c) {
        driver = (Adxl345) Chips.device(c, context, time);
        return driver;
    }

    /** x carries the sample number as its raw code, so order and gaps are visible. */
    private static ChipSignal counting() {
        return (index, nanoTime, out) -> {
            out[0] = (index % 500) / 256.0;
            out[1] = -1;
            out[2] = 0.5;
        };
    }

    @Test
    void initWritesFollowTheDatasheetSequence() throws Exception {
        Adxl345Sim chip = new Adxl345Sim(ChipSignal.constant(0, 0, 1));
        board.attachI2c(1, 0x53, chip);
        onI2c(i2c(400, 2, 16)).open();
        // Standby, 400 Hz (0x0C), full resolution +-2 g, FIFO bypass (clears it), stream + watermark 16, measure.
        assertThat(chip.writes()).containsExactly(new Write(0x2D, 0x00), new Write(0x2C, 0x0C), new Write(0x31, 0x08),
                new Write(0x38, 0x00), new Write(0x38, 0x90), new Write(0x2D, 0x08));
    }

    @Test
    void rangeAndRateCodesFollowTheDatasheetTables() throws Exception {
        Adxl345Sim chip = new Adxl345Sim(ChipSignal.constant(0, 0, 1));
        board.attachI2c(1, 0x53, chip);
        onI2c(i2c(3200 / 4.0, 16, 31)).open();
        assertThat(chip.writes()).contains(new Write(0x2C, 0x0D), new Write(0x31, 0x0B), new Write(0x38, 0x9F));
    }

    @Test
    void decodingMatchesTheDatasheetExamples() {
        assertThat(Adxl345.decode((byte) 0x00, (byte) 0x01)).as("0x0100 at full resolution").isEqualTo(1.0f);
        assertThat(Adxl345.decode((byte) 0x00, (byte) 0xFF)).as("0xFF00").isEqualTo(-1.0f);
        assertThat(Adxl345.decode((byte) 0xFF, (byte) 0x0F)).as("13-bit maximum at +-16 g").isEqualTo(4095 / 256f);
        assertThat(Adxl345.decode((byte) 0x00, (byte) 0xF0)).as("13-bit minimum at +-16 g").isEqualTo(-16.0f);
        assertThat(Adxl345.decode((byte) 0x04, (byte) 0x00)).isEqualTo(0.015625f);
    }

    @Test
    void samplesArriveInGThroughTheBusAndFifo() throws Exception {
        board.attachI2c(1, 0x53, new Adxl345Sim(ChipSignal.constant(1, -1, 0.5)));
        Adxl345 d = onI2c(i2c(800, 2, 16));
        d.open();
        SampleBlock b = awaitBlock(d);
        assertThat(b.channels()).isEqualTo(3);
        for (int i = 0; i < b.count(); i++) {
            assertThat(new float[]{b.values()[3 * i], b.values()[3 * i + 1], b.values()[3 * i + 2]})
                    .containsExactly(1f, -1f, 0.5f);
        }
    }

    @Test
    void aDrainEmptiesTheFifoInOrder() throws Exception {
        Adxl345Sim chip = new Adxl345Sim(counting());
        board.attachI2c(1, 0x53, chip);
        // 100 Hz: the FIFO holds 320 ms, ample time to drain it before it overflows.
        Adxl345 d = onI2c(i2c(100, 2, 16));
        d.open();
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> chip.produced() >= 12);
        SampleBlock b = d.read();
        assertThat(b.count()).isBetween(12, 32);
        for (int i = 0; i < b.count(); i++) {
            assertThat(Math.round(b.values()[3 * i] * 256)).as("sample %d", i).isEqualTo(i);
        }
        assertThat(d.takeLost()).isZero();
        // Only what the chip took since: the FIFO was emptied by the drain.
        SampleBlock next = d.read();
        if (next != null) {
            assertThat(Math.round(next.values()[0] * 256)).isEqualTo(b.count());
        }
        assertThat(b.periodNanos()).isEqualTo(10_000_000);
    }

    @Test
    void anOverflowKeepsTheNewest32AndCountsTheLostOnes() throws Exception {
        Adxl345Sim chip = new Adxl345Sim(counting());
        // 70 samples, then none: a read on a busy machine cannot race new samples into the full FIFO.
        chip.stopAfter(70);
        board.attachI2c(1, 0x53, chip);
        Adxl345 d = onI2c(i2c(800, 2, 16));
        d.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> chip.produced() >= 70);
        SampleBlock b = d.read();
        long produced = chip.produced();
        assertThat(b.count()).isEqualTo(32);
        long firstKept = Math.round(b.values()[0] * 256);
        assertThat(firstKept).as("oldest samples were dropped").isGreaterThanOrEqualTo(28);
        for (int i = 1; i < 32; i++) {
            assertThat(Math.round(b.values()[3 * i] * 256)).isEqualTo((firstKept + i) % 500);
        }
        assertThat(d.takeLost()).as("lost of %d produced", produced).isGreaterThanOrEqualTo(1);
    }

    @Test
    void valuesBeyondFullScaleClipAndAreReportedAsClipped() throws Exception {
        board.attachI2c(1, 0x53, new Adxl345Sim(ChipSignal.constant(3.0, -5.0, 0.0)));
        Adxl345 d = onI2c(i2c(800, 2, 16));
        d.open();
        SampleBlock b = awaitBlock(d);
        float x = b.values()[0];
        float y = b.values()[1];
        assertThat(x).isEqualTo(511 / 256f);
        assertThat(y).isEqualTo(-2.0f);
        assertThat(d.fullScale().clipped(0, x)).isTrue();
        assertThat(d.fullScale().clipped(1, y)).isTrue();
        assertThat(d.fullScale().clipped(2, b.values()[2])).isFalse();
    }

    @Test
    void anotherChipAtTheAddressIsRefusedNamingTheIdRead() {
        board.attachI2c(1, 0x53, new Mpu6050Sim(ChipSignal.constant(0)));
        assertThatThrownBy(() -> onI2c(i2c(400, 2, 16)).open())
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("ADXL345 at 0x53 on /dev/i2c-1")
                .hasMessageContaining("DEVID is 0x00, expected 0xE5");
    }

    @Test
    void noChipAtTheAddressIsADeviceErrorNamingTheBus() {
        assertThatThrownBy(() -> onI2c(i2c(400, 2, 16)).open())
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("0x53 on /dev/i2c-1")
                .hasMessageContaining("Remote I/O error");
    }

    @Test
    void overSpiTheDriverUsesMode3AndTheSameSequence() throws Exception {
        Adxl345Sim chip = new Adxl345Sim(ChipSignal.constant(0.25, 0, -1));
        board.attachSpi(0, 1, chip);
        Adxl345Config c = new Adxl345Config(Interface.SPI, 0, null, 1, 5_000_000, 1600, 4, List.of("z", "x"), 8, null);
        driver = (Adxl345) Chips.device(c, context, time);
        driver.open();
        assertThat(chip.writes()).containsExactly(new Write(0x2D, 0x00), new Write(0x2C, 0x0E), new Write(0x31, 0x09),
                new Write(0x38, 0x00), new Write(0x38, 0x88), new Write(0x2D, 0x08));
        Spi spi = context.registry().allByType(Spi.class).values().iterator().next();
        assertThat(spi.config().mode()).isEqualTo(SpiMode.MODE_3);
        assertThat(spi.config().baud()).isEqualTo(5_000_000);
        SampleBlock b = awaitBlock(driver);
        assertThat(b.channels()).isEqualTo(2);
        assertThat(new float[]{b.values()[0], b.values()[1]}).as("axes in configured order").containsExactly(-1f,
                0.25f);
    }

    static SampleBlock awaitBlock(SampleDevice d) throws Exception {
        SampleBlock[] out = new SampleBlock[1];
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> (out[0] = d
                .read()) != null);
        return out[0];
    }
}
