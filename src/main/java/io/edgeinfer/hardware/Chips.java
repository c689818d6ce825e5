package io.edgeinfer.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.spi.SpiMode;
import io.edgeinfer.config.Adxl345Config;
import io.edgeinfer.config.Interface;
import io.edgeinfer.config.Mcp3008Config;
import io.edgeinfer.config.Mpu6050Config;
import io.edgeinfer.config.SourceConfig;
import io.edgeinfer.sensor.Backoff;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.SensorSource;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.sensor.Timebase;

/** Builds the sensor source for a chip config: its driver on the configured bus, kept running. */
public final class Chips {
    private Chips() {
    }

    /** Whether {@code config} names a chip this package drives. */
    public static boolean isChip(SourceConfig config) {
        return config instanceof Adxl345Config || config instanceof Mpu6050Config || config instanceof Mcp3008Config;
    }

    /**
     * @param context the Pi4J context whose providers reach the buses (linuxfs on a board)
     */
    public static SensorSource source(SourceConfig config, Context context, Timebase time, Health health,
            SourceStats stats) {
        return new DeviceSource(device(config, context, time), config.rateHz(), health, stats, Backoff.standard());
    }

    static SampleDevice device(SourceConfig config, Context context, Timebase time) {
        if (config instanceof Adxl345Config a) {
            if (a.iface() == Interface.I2C) {
                String d = "ADXL345 at " + I2cRegisters.hex(a.address()) + " on /dev/i2c-" + a.bus();
                return new Adxl345(a, d, () -> I2cRegisters.open(context, "adxl345", a.bus(), a.address()), time);
            }
            String d = "ADXL345 on /dev/spidev" + a.bus() + "." + a.chipSelect();
            // SPI mode 3 (CPOL = CPHA = 1), datasheet "SPI".
            return new Adxl345(a, d, () -> SpiRegisters.open(context, "adxl345", a.bus(), a.chipSelect(),
                    a.spiSpeedHz(), SpiMode.MODE_3), time);
        }
        if (config instanceof Mpu6050Config m) {
            String d = "MPU6050 at " + I2cRegisters.hex(m.address()) + " on /dev/i2c-" + m.bus();
            return new Mpu6050(m, d, () -> I2cRegisters.open(context, "mpu6050", m.bus(), m.address()), time);
        }
        if (config instanceof Mcp3008Config c) {
            String d = "MCP3008 on /dev/spidev" + c.bus() + "." + c.chipSelect();
            return new Mcp3008(c, d, () -> SpiRegisters.open(context, "mcp3008", c.bus(), c.chipSelect(),
                    c.spiSpeedHz(), SpiMode.MODE_0), time);
        }
        throw new IllegalArgumentException("not a chip: " + config.getClass().getSimpleName());
    }
}
