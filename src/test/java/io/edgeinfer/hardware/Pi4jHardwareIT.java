package io.edgeinfer.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pi4j.context.Context;
import io.edgeinfer.config.Adxl345Config;
import io.edgeinfer.config.Interface;
import io.edgeinfer.config.Mcp3008Config;
import io.edgeinfer.config.Mpu6050Config;
import io.edgeinfer.sensor.SampleBlock;
import io.edgeinfer.sensor.Timebase;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drivers on a real board with real chips, through Pi4J's linuxfs provider. Each test runs only
 * where its chip is wired and named in the environment (docs/sensors.md, "Tests without hardware,
 * and with it"): EDGEINFER_HW_ADXL345=bus:address, EDGEINFER_HW_MPU6050=bus:address,
 * EDGEINFER_HW_MCP3008=bus.chipselect. A resting accelerometer must read about 1 g.
 */
class Pi4jHardwareIT {
    private Context context;

    @BeforeEach
    void board() {
        assumeTrue(System.getenv().keySet().stream().anyMatch(k -> k.startsWith("EDGEINFER_HW_")),
                "needs a Raspberry Pi with sensors named in EDGEINFER_HW_* (docs/sensors.md)");
        context = Pi4jBoard.newContext();
    }

    @AfterEach
    void close() {
        if (context != null) {
            context.shutdown();
        }
    }

    private static String[] wired(String variable, String separator) {
        String v = System.getenv(variable);
        assumeTrue(v != null, variable + " is not set: no such chip wired to this board");
        return v.split(separator.equals(".") ? "\\." : separator);
    }

    private static SampleBlock firstBlock(SampleDevice d) throws Exception {
        for (int i = 0; i < 500; i++) {
            SampleBlock b = d.read();
            if (b != null && b.count() >= 8) {
                return b;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no samples from " + d.describe() + " within 5 s");
    }

    private static double restingG(SampleBlock b) {
        double[] mean = new double[3];
        for (int i = 0; i < b.count(); i++) {
            for (int c = 0; c < 3; c++) {
                mean[c] += b.values()[i * b.channels() + c] / b.count();
            }
        }
        return Math.sqrt(mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]);
    }

    @Test
    void adxl345AtRestReadsOneG() throws Exception {
        String[] a = wired("EDGEINFER_HW_ADXL345", ":");
        Adxl345Config c = new Adxl345Config(Interface.I2C, Integer.parseInt(a[0]), Integer.decode(a[1]), null, null,
                100, 2,
                List.of("x", "y", "z"), 16, null);
        SampleDevice d = Chips.device(c, context, new Timebase(Clock.systemUTC()));
        try {
            d.open();
            assertThat(restingG(firstBlock(d))).isBetween(0.85, 1.15);
        } finally {
            d.close();
        }
    }

    @Test
    void mpu6050AtRestReadsOneG() throws Exception {
        String[] a = wired("EDGEINFER_HW_MPU6050", ":");
        Mpu6050Config c = new Mpu6050Config(Integer.parseInt(a[0]), Integer.decode(a[1]), 100, 2, 250,
                List.of("ax", "ay", "az"), null);
        SampleDevice d = Chips.device(c, context, new Timebase(Clock.systemUTC()));
        try {
            d.open();
            assertThat(restingG(firstBlock(d))).isBetween(0.85, 1.15);
        } finally {
            d.close();
        }
    }

    @Test
    void mcp3008ReadsVoltsWithinItsReference() throws Exception {
        String[] a = wired("EDGEINFER_HW_MCP3008", ".");
        Mcp3008Config c = new Mcp3008Config(Integer.parseInt(a[0]), Integer.parseInt(a[1]), 1_350_000, 100,
                List.of(0, 1, 2, 3, 4, 5, 6, 7), 3.3, null);
        SampleDevice d = Chips.device(c, context, new Timebase(Clock.systemUTC()));
        try {
            d.open();
            SampleBlock b = d.read();
            for (float v : Arrays.copyOf(b.values(), b.count() * b.channels())) {
                assertThat(v).isBetween(0f, 3.3f);
            }
        } finally {
            d.close();
        }
    }
}
