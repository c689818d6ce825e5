package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An MPU-6050 accelerometer + gyroscope on I2C, sampled by its own clock into its 1 KiB FIFO.
 *
 * @param bus I2C bus ({@code /dev/i2c-<bus>})
 * @param address 0x68 (AD0 low) or 0x69 (AD0 high)
 * @param rateHz sample rate: 1000/n or 8000/n Hz for a whole n, at most 1000 Hz
 * @param accelRangeG accelerometer full scale, 2, 4, 8 or 16 g
 * @param gyroRangeDps gyroscope full scale, 250, 500, 1000 or 2000 degrees per second
 * @param axes channels in order, from {@code ax, ay, az} (g) and {@code gx, gy, gz} (degrees/s)
 * @param trigger optional GPIO gate or trigger, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Mpu6050Config(int bus, int address, double rateHz, int accelRangeG, int gyroRangeDps, List<String> axes,
        GpioTriggerConfig trigger) implements SourceConfig {
    public static final String TYPE = "mpu6050";

    public Mpu6050Config {
        axes = List.copyOf(axes);
    }

    @Override
    public int channels() {
        return axes.size();
    }

    @Override
    public List<Path> deviceNodes() {
        List<Path> nodes = new ArrayList<>();
        nodes.add(BusNodes.i2c(bus));
        if (trigger != null) {
            nodes.add(trigger.chip());
        }
        return List.copyOf(nodes);
    }
}
