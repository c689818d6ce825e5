package io.edgeinfer.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sensor chips' keys: bus, address or chip select, rate, range, axes. Rates and ranges are the
 * ones each datasheet offers; anything else is refused with the allowed values, never rounded.
 */
final class ChipConfigReader {
    /** ADXL345 output data rates (datasheet Table 7), highest first. */
    static final List<Double> ADXL345_RATES = List.of(3200.0, 1600.0, 800.0, 400.0, 200.0, 100.0, 50.0, 25.0, 12.5,
            6.25);
    private static final List<Integer> G_RANGES = List.of(2, 4, 8, 16);
    private static final List<Integer> DPS_RANGES = List.of(250, 500, 1000, 2000);
    private static final String I2C_HINT = "enable I2C with dtparam=i2c_arm=on in config.txt and check the bus number (ls /dev/i2c-*)";
    private static final String SPI_HINT = "enable SPI with dtparam=spi=on in config.txt and check bus and chip_select (ls /dev/spidev*)";

    private final SourceConfigReader sources;

    ChipConfigReader(SourceConfigReader sources) {
        this.sources = sources;
    }

    Adxl345Config adxl345(Section s) {
        Interface iface = s.choice("interface", Interface.I2C, Map.of("i2c", Interface.I2C, "spi", Interface.SPI));
        int bus = s.integer("bus", iface == Interface.I2C ? 1 : 0, 0, iface == Interface.I2C ? 255 : 6);
        Integer address = null;
        Integer chipSelect = null;
        Integer speed = null;
        if (iface == Interface.I2C) {
            address = (int) s.longValue("address", 0x53, 0, 0x7F);
            if (address != 0x53 && address != 0x1D) {
                s.error("address", "must be 0x53 (ALT ADDRESS to GND) or 0x1D (to VCC), got " + hex(address));
            }
            SourceConfigReader.onlyFor(s, "chip_select", "interface: spi");
            SourceConfigReader.onlyFor(s, "spi_speed_hz", "interface: spi");
            sources.requireNode(s, "bus", BusNodes.i2c(bus), I2C_HINT);
        } else {
            chipSelect = s.integer("chip_select", 0, 0, 2);
            // 5 MHz is the ADXL345's SPI limit.
            speed = s.integer("spi_speed_hz", 5_000_000, 100_000, 5_000_000);
            SourceConfigReader.onlyFor(s, "address", "interface: i2c");
            sources.requireNode(s, "bus", BusNodes.spi(bus, chipSelect), SPI_HINT);
        }
        double rate = s.number("rate_hz", 400, 6.25, 3200);
        if (!ADXL345_RATES.contains(rate)) {
            s.error("rate_hz", "must be one of the ADXL345's rates " + ADXL345_RATES + ", got " + rate);
        } else if (iface == Interface.I2C && rate > 800) {
            // Datasheet: 1600 and 3200 Hz need SPI at 2 MHz or more; 800 Hz needs 400 kHz I2C.
            s.error("rate_hz", rate + " Hz needs SPI (interface: spi); I2C carries at most 800 Hz");
        }
        int range = s.integer("range_g", 2, 2, 16);
        if (!G_RANGES.contains(range)) {
            s.error("range_g", "must be one of " + G_RANGES + ", got " + range);
        }
        List<String> axes = SourceConfigReader.axes(s, List.of("x", "y", "z"), List.of("x", "y", "z"));
        int watermark = s.integer("watermark", 16, 1, 31);
        GpioTriggerConfig trigger = sources.trigger(s);
        return new Adxl345Config(iface, bus, address, chipSelect, speed, rate, range, axes, watermark, trigger);
    }

    Mpu6050Config mpu6050(Section s) {
        int bus = s.integer("bus", 1, 0, 255);
        int address = (int) s.longValue("address", 0x68, 0, 0x7F);
        if (address != 0x68 && address != 0x69) {
            s.error("address", "must be 0x68 (AD0 to GND) or 0x69 (to VCC), got " + hex(address));
        }
        sources.requireNode(s, "bus", BusNodes.i2c(bus), I2C_HINT);
        double rate = s.number("rate_hz", 500, 1000.0 / 256, 1000);
        if (mpu6050Divider(rate) == null && s.has("rate_hz")) {
            s.error("rate_hz",
                    "must be 1000/n or 8000/n Hz for a whole n from 1 to 256 (e.g. 1000, 500, 400, 250, 200, 100), got "
                            + rate);
        }
        int accel = s.integer("accel_range_g", 2, 2, 16);
        if (!G_RANGES.contains(accel)) {
            s.error("accel_range_g", "must be one of " + G_RANGES + ", got " + accel);
        }
        int gyro = s.integer("gyro_range_dps", 250, 250, 2000);
        if (!DPS_RANGES.contains(gyro)) {
            s.error("gyro_range_dps", "must be one of " + DPS_RANGES + ", got " + gyro);
        }
        List<String> axes = SourceConfigReader.axes(s, List.of("ax", "ay", "az", "gx", "gy", "gz"), List.of("ax", "ay",
                "az"));
        GpioTriggerConfig trigger = sources.trigger(s);
        return new Mpu6050Config(bus, address, rate, accel, gyro, axes, trigger);
    }

    /**
     * The MPU-6050's sample rate is its gyro output rate (8 kHz with the low-pass filter off, 1 kHz
     * with it on) divided by 1 + SMPLRT_DIV. Returns {base Hz, divider} or null if {@code rate} is
     * not reachable.
     */
    static int[] mpu6050Divider(double rate) {
        for (int base : new int[]{1000, 8000}) {
            double n = base / rate;
            long whole = Math.round(n);
            if (Math.abs(n - whole) < 1e-9 && whole >= 1 && whole <= 256) {
                return new int[]{base, (int) whole - 1};
            }
        }
        return null;
    }

    Mcp3008Config mcp3008(Section s) {
        int bus = s.integer("bus", 0, 0, 6);
        int chipSelect = s.integer("chip_select", 0, 0, 2);
        sources.requireNode(s, "bus", BusNodes.spi(bus, chipSelect), SPI_HINT);
        int speed = s.integer("spi_speed_hz", 1_350_000, 10_000, 3_600_000);
        // No FIFO: every sample is a system call on the daemon's clock; a few kHz is the honest limit.
        double rate = s.number("rate_hz", 1000, 1, 5000);
        int before = s.errors().size();
        List<Double> raw = s.numberList("inputs", List.of(0.0));
        List<Integer> inputs = new ArrayList<>();
        for (Double d : raw) {
            if (d != Math.rint(d) || d < 0 || d > 7) {
                s.error("inputs", "inputs are 0 to 7 (CH0-CH7), got " + d);
            } else if (inputs.contains(d.intValue())) {
                s.error("inputs", "input " + d.intValue() + " appears twice");
            } else {
                inputs.add(d.intValue());
            }
        }
        if (raw.isEmpty() && s.errors().size() == before) {
            s.error("inputs", "needs at least one input (0-7)");
        }
        double vref = s.number("vref", 3.3, 1, 5.5);
        GpioTriggerConfig trigger = sources.trigger(s);
        return new Mcp3008Config(bus, chipSelect, speed, rate, inputs, vref, trigger);
    }

    private static String hex(int v) {
        return String.format("0x%02X", v);
    }
}
