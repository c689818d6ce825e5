package io.edgeinfer.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;

/** The device nodes a configured sensor opens: present, and openable for reading and writing. */
final class DeviceNodes {
    private DeviceNodes() {
    }

    static void check(List<Path> nodes, List<CheckFailure> failures) {
        for (Path node : nodes) {
            if (!Files.exists(node)) {
                failures.add(new CheckFailure(Problem.DEVICE_MISSING, "device node " + node + " does not exist: "
                        + enableHint(node)));
            } else if (!Files.isReadable(node) || !Files.isWritable(node)) {
                failures.add(new CheckFailure(Problem.DEVICE_PERMISSION, "device node " + node + " is not readable and "
                        + "writable by user " + System.getProperty("user.name") + ownership(node)));
            }
        }
    }

    private static String enableHint(Path node) {
        String name = node.getFileName() == null ? "" : node.getFileName().toString();
        if (name.startsWith("i2c-")) {
            return "enable I2C (sudo raspi-config nonint do_i2c 0, or dtparam=i2c_arm=on in /boot/firmware/config.txt) "
                    + "and reboot";
        }
        if (name.startsWith("spidev")) {
            return "enable SPI (sudo raspi-config nonint do_spi 0, or dtparam=spi=on in /boot/firmware/config.txt) "
                    + "and reboot";
        }
        if (name.startsWith("video") || name.startsWith("media")) {
            return "connect the camera and check it with `rpicam-hello --list-cameras` (camera_auto_detect=1 in "
                    + "/boot/firmware/config.txt)";
        }
        return "check the sensor is attached and its driver loaded";
    }

    private static String ownership(Path node) {
        try {
            PosixFileAttributes a = Files.readAttributes(node, PosixFileAttributes.class);
            String group = a.group().getName();
            return " (owner " + a.owner().getName() + ", group " + group + "): add the user to group " + group
                    + " (the package adds user edgeinfer to gpio, i2c, spi and video) or fix the udev rule";
        } catch (IOException | UnsupportedOperationException e) {
            return ": check its owner and mode";
        }
    }
}
