package io.edgeinfer.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.pi4j.context.Context;
import io.edgeinfer.config.Mpu6050Config;
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

/** The real MPU-6050 driver against the register-level simulator behind Pi4J's mock I2C. */
class Mpu6050Test {
    private final SimulatedBoard board = new SimulatedBoard();
    private final Context context = board.newContext();
    private final Timebase time = new Timebase(Clock.systemUTC());
    private Mpu6050 driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        context.shutdown();
    }

    private Mpu6050 open(Mpu6050Config c) throws Exception {
        driver = (Mpu6050) Chips.device(c, context, time);
        driver.open();
        return driver;
    }

    private static Mpu6050Config config(double rate, int accelG, int gyroDps, List<String> axes) {
        return new Mpu6050Config(1, 0x68, rate, accelG, gyroDps, axes, null);
    }

    @Test
    void initResetsWakesAndConfiguresPerTheRegisterMap() throws Exception {
        Mpu6050Sim chip = new Mpu6050Sim(ChipSignal.constant(0, 0, 1, 0, 0, 0));
        board.attachI2c(1, 0x68, chip);
        open(config(500, 4, 1000, List.of("ax", "ay", "az", "gx", "gy", "gz")));
        // Reset; wake on the X gyro PLL; 1 kHz / (1 + 1) = 500 Hz with the 184 Hz filter (below
        // 250 Hz Nyquist); +-1000 dps (FS_SEL 2), +-4 g (AFS_SEL 1); FIFO reset, FIFO on; accel + 3 gyro axes.
        assertThat(chip.writes()).containsExactly(new Write(0x6B, 0x80), new Write(0x6B, 0x01), new Write(0x19, 0x01),
                new Write(0x1A, 0x01), new Write(0x1B, 0x10), new Write(0x1C, 0x08), new Write(0x6A, 0x04),
                new Write(0x6A, 0x40), new Write(0x23, 0x78));
    }

    @Test
    void rateDividerAndFilterFollowTheNyquistRule() {
        assertThat(Mpu6050.dividerAndFilter(1000)).containsExactly(0, 1);
        assertThat(Mpu6050.dividerAndFilter(100)).containsExactly(9, 3);
        assertThat(Mpu6050.dividerAndFilter(10)).containsExactly(99, 6);
        // 400 Hz is only 8 kHz / 20: filter off.
        assertThat(Mpu6050.dividerAndFilter(400)).containsExactly(19, 0);
    }

    @Test
    void accelerometerAndGyroDecodeWithTheDatasheetSensitivities() throws Exception {
        board.attachI2c(1, 0x68, new Mpu6050Sim(ChipSignal.constant(1, -0.5, 2, 100, -250, 0)));
        Mpu6050 d = open(config(1000, 2, 250, List.of("gx", "az", "ay", "gy")));
        SampleBlock b = Adxl345Test.awaitBlock(d);
        assertThat(b.channels()).isEqualTo(4);
        // az = 2 g clips at +-2 g: 32767 / 16384.
        assertThat(new float[]{b.values()[0], b.values()[1], b.values()[2], b.values()[3]})
                .containsExactly(13100 / 131f, 32767 / 16384f, -0.5f, -32750 / 131f);
        assertThat(d.fullScale().clipped(1, b.values()[1])).isTrue();
        assertThat(d.fullScale().clipped(2, b.values()[2])).isFalse();
    }

    @Test
    void theFifoDrainsWholeSamplesInOrder() throws Exception {
        Mpu6050Sim chip = new Mpu6050Sim((i, t, out) -> {
            out[0] = i / 16384.0;
            out[3] = -i / 131.0;
        });
        board.attachI2c(1, 0x68, chip);
        Mpu6050 d = open(config(250, 2, 250, List.of("ax", "gx")));
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> chip.produced() >= 30);
        SampleBlock b = d.read();
        assertThat(b.count()).isGreaterThanOrEqualTo(30);
        for (int i = 0; i < b.count(); i++) {
            assertThat(Math.round(b.values()[2 * i] * 16384)).isEqualTo(i);
            assertThat(Math.round(b.values()[2 * i + 1] * 131)).isEqualTo(-i);
        }
        assertThat(b.periodNanos()).isEqualTo(4_000_000);
    }

    @Test
    void anOverflowResetsTheFifoAndCountsTheLoss() throws Exception {
        Mpu6050Sim chip = new Mpu6050Sim(ChipSignal.constant(0, 0, 1, 0, 0, 0));
        board.attachI2c(1, 0x68, chip);
        // 1 kHz with accel + gyro: 12-byte samples fill the 1 KiB FIFO in 85 ms.
        Mpu6050 d = open(config(1000, 2, 250, List.of("ax", "ay", "az", "gx", "gy", "gz")));
        await().atMost(Duration.ofSeconds(5)).until(() -> chip.produced() >= 120);
        assertThat(d.read()).as("nothing trusted after an overflow").isNull();
        assertThat(d.takeLost()).isGreaterThanOrEqualTo(100);
        assertThat(chip.writes()).endsWith(new Write(0x6A, 0x44));
        SampleBlock b = Adxl345Test.awaitBlock(d);
        assertThat(b.values()[2]).isEqualTo(1f);
    }

    @Test
    void anotherChipIsRefusedNamingWhoAmI() {
        board.attachI2c(1, 0x68, new Adxl345Sim(ChipSignal.constant(0, 0, 0)));
        assertThatThrownBy(() -> open(config(500, 2, 250, List.of("ax"))))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("MPU6050 at 0x68 on /dev/i2c-1: WHO_AM_I is 0x00, expected 0x68");
    }
}
