package io.edgeinfer.telemetry.power;

import com.pi4j.context.Context;
import io.edgeinfer.config.InaConfig;
import io.edgeinfer.hardware.DeviceException;
import io.edgeinfer.hardware.I2cRegisters;
import java.util.function.Supplier;

/**
 * Opens an INA219 or INA260 meter on its I2C bus, through a Pi4J context of its own (the real
 * board's linuxfs provider, or a simulated board in tests) that the meter closes with itself.
 */
final class InaMeters {
    private InaMeters() {
    }

    static PowerMeter open(InaConfig config, Supplier<Context> board) throws PowerMeterException {
        Context context;
        try {
            context = board.get();
        } catch (RuntimeException e) {
            throw new PowerMeterException("cannot start Pi4J for the I2C bus: " + e.getMessage(), e);
        }
        Runnable release = () -> {
            if (!context.isShutdown()) {
                context.shutdown();
            }
        };
        WordRegisters regs = null;
        try {
            regs = new WordRegisters(I2cRegisters.open(context, config.chip().key(), config.bus(), config.address()));
            return config.chip() == InaConfig.Chip.INA219
                    ? Ina219Meter.open(regs, config, release)
                    : Ina260Meter.open(regs, release);
        } catch (DeviceException | RuntimeException e) {
            if (regs != null) {
                regs.close();
            }
            release.run();
            throw new PowerMeterException(e.getMessage(), e);
        }
    }
}
