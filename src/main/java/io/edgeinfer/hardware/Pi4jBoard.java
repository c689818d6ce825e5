package io.edgeinfer.hardware;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.linuxfs.provider.spi.LinuxFsSpiProvider;

/**
 * The Pi4J context of a real board, built explicitly: linuxfs for I2C and SPI (Pi 4 and Pi 5, no
 * root needed with the i2c/spi groups) and gpiod for GPIO inputs (the only GPIO provider that works
 * on a Pi 5; fine on a Pi 4). No auto-detection, so Pi4J's mock plugin on the class path (for the
 * simulators) can never stand in for real hardware.
 */
public final class Pi4jBoard {
    private Pi4jBoard() {
    }

    public static Context newContext() {
        return Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(LinuxFsI2CProvider.newInstance(), LinuxFsSpiProvider.newInstance(),
                        GpioDDigitalInputProvider.newInstance())
                .build();
    }
}
