package io.edgeinfer.telemetry.board;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The board's name as the device tree gives it, e.g. {@code Raspberry Pi 4 Model B Rev 1.5}. */
public final class BoardModel {
    private BoardModel() {
    }

    /** The model string, or null where there is no device tree (x86, most VMs). */
    public static String read(HostPaths host) {
        Path p = host.proc().resolve("device-tree").resolve("model");
        try {
            // The property is NUL-terminated.
            String s = new String(Files.readAllBytes(p), StandardCharsets.UTF_8).replace("\0", "").strip();
            return s.isEmpty() ? null : s;
        } catch (IOException e) {
            return null;
        }
    }
}
