package io.edgeinfer.app;

import io.edgeinfer.config.Adxl345Config;
import io.edgeinfer.config.CameraConfig;
import io.edgeinfer.config.CsvReplayConfig;
import io.edgeinfer.config.GpioTriggerConfig;
import io.edgeinfer.config.ImageConfig;
import io.edgeinfer.config.ImageDirConfig;
import io.edgeinfer.config.Interface;
import io.edgeinfer.config.Mcp3008Config;
import io.edgeinfer.config.Mpu6050Config;
import io.edgeinfer.config.SimulatedVibrationConfig;
import io.edgeinfer.config.SourceConfig;
import io.edgeinfer.config.WindowConfig;
import io.edgeinfer.web.DeviceView;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** A source config in the words of the device page: what is wired where, its channels and their unit. */
final class InputFacts {
    private static final List<String> XYZ = List.of("x", "y", "z");
    private static final List<String> RGB = List.of("red", "green", "blue");

    private InputFacts() {
    }

    static DeviceView.Input of(SourceConfig s, WindowConfig w) {
        if (s instanceof SimulatedVibrationConfig c) {
            return signal(SimulatedVibrationConfig.TYPE, "simulated 3-axis vibration sensor" + gate(c.trigger()), s, w,
                    XYZ, "g");
        }
        if (s instanceof Adxl345Config c) {
            String where = c.iface() == Interface.I2C
                    ? "ADXL345 at " + hex(c.address()) + " on /dev/i2c-" + c.bus()
                    : "ADXL345 on /dev/spidev" + c.bus() + "." + c.chipSelect();
            return signal(Adxl345Config.TYPE, where + gate(c.trigger()), s, w, c.axes(), "g");
        }
        if (s instanceof Mpu6050Config c) {
            return signal(Mpu6050Config.TYPE, "MPU6050 at " + hex(c.address()) + " on /dev/i2c-" + c.bus() + gate(c
                    .trigger()),
                    s, w, c.axes(), mpuUnit(c.axes()));
        }
        if (s instanceof Mcp3008Config c) {
            return signal(Mcp3008Config.TYPE, "MCP3008 on /dev/spidev" + c.bus() + "." + c.chipSelect() + ", inputs "
                    + c.inputs() + gate(c.trigger()), s, w, c.inputs().stream().map(i -> "in" + i).toList(), "V");
        }
        if (s instanceof CsvReplayConfig c) {
            return signal(CsvReplayConfig.TYPE, "recording " + c.path().getFileName() + gate(c.trigger()), s, w, c
                    .columns(), null);
        }
        if (s instanceof CameraConfig c) {
            String what = c.device() != null ? "camera " + c.device() : "camera `" + c.command().get(0) + "`";
            return image(CameraConfig.TYPE, what + gate(c.trigger()), s, w, c.image());
        }
        ImageDirConfig c = (ImageDirConfig) s;
        return image(ImageDirConfig.TYPE, "image folder " + c.path(), s, w, c.image());
    }

    private static DeviceView.Input signal(String type, String description, SourceConfig s, WindowConfig w,
            List<String> channels, String unit) {
        List<String> names = channels.size() == s.channels()
                ? channels
                : IntStream.range(0, s.channels()).mapToObj(i -> "ch" + i).toList();
        return new DeviceView.Input("signal", type, description, s.rateHz(), w.size(), w.hop(), names, unit, null,
                null);
    }

    private static DeviceView.Input image(String type, String description, SourceConfig s, WindowConfig w,
            ImageConfig i) {
        double[] mean = i.mean().stream().mapToDouble(Double::doubleValue).toArray();
        double[] std = i.std().stream().mapToDouble(Double::doubleValue).toArray();
        return new DeviceView.Input("image", type, description + ", " + i.width() + " x " + i.height() + " pixels",
                s.rateHz(), i.width() * i.height(), 1, RGB, null, mean, std);
    }

    private static String gate(GpioTriggerConfig t) {
        return t == null ? "" : ", " + t.mode().name().toLowerCase(Locale.ROOT) + " on GPIO " + t.pin();
    }

    /** {@code ax, ay, az} are in g, {@code gx, gy, gz} in degrees per second; a mix has no one unit. */
    private static String mpuUnit(List<String> axes) {
        boolean accel = axes.stream().allMatch(a -> a.startsWith("a"));
        boolean gyro = axes.stream().allMatch(a -> a.startsWith("g"));
        return accel ? "g" : gyro ? "°/s" : null;
    }

    private static String hex(Integer v) {
        return v == null ? "?" : String.format("0x%02X", v);
    }
}
