package io.edgeinfer.config;

import java.nio.file.Path;

/** The Linux device files of the buses, as the kernel names them (and Pi4J's linuxfs opens them). */
public final class BusNodes {
    private static final Path DEV = Path.of("/dev");

    private BusNodes() {
    }

    public static Path i2c(int bus) {
        return DEV.resolve("i2c-" + bus);
    }

    public static Path spi(int bus, int chipSelect) {
        return DEV.resolve("spidev" + bus + "." + chipSelect);
    }
}
