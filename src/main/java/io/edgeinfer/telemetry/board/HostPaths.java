package io.edgeinfer.telemetry.board;

import java.nio.file.Path;

/**
 * Where this host's kernel interfaces live. The real daemon reads {@code /sys} and {@code /proc};
 * tests point both at fake trees in a temporary folder, so every reader runs on real files.
 */
public record HostPaths(Path sys, Path proc) {

    public static HostPaths system() {
        return new HostPaths(Path.of("/sys"), Path.of("/proc"));
    }

    /** A fake host laid out under one folder: {@code root/sys} and {@code root/proc}. */
    public static HostPaths under(Path root) {
        return new HostPaths(root.resolve("sys"), root.resolve("proc"));
    }
}
