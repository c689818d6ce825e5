package io.edgeinfer.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * What would otherwise crash or confuse later, checked before the model loads: the bundled natives
 * against the architecture, CPU features and glibc; free space where the natives are unpacked; and
 * the device nodes the configured sensors read. Every failure is collected, each with a message an
 * operator can act on; the first decides the exit code.
 */
public final class StartupChecks {
    /** Head-room beyond the natives themselves (JNA's stub, DJL's temporary copy of the JNI library). */
    static final long MARGIN_BYTES = 32L << 20;

    private final Host host;
    private final List<NativeBundle> natives;
    private final ToLongFunction<Path> usableSpace;

    /**
     * @param usableSpace bytes this user may still write on the file system holding a path
     */
    public StartupChecks(Host host, List<NativeBundle> natives, ToLongFunction<Path> usableSpace) {
        this.host = host;
        this.natives = List.copyOf(natives);
        this.usableSpace = usableSpace;
    }

    /** Checks for this machine and this JVM's classpath. */
    public static StartupChecks system() throws IOException {
        return new StartupChecks(HostProbe.system().probe(), NativeBundle.onClasspath(StartupChecks.class
                .getClassLoader()),
                StartupChecks::fileStoreSpace);
    }

    private static long fileStoreSpace(Path p) {
        try {
            return Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Host host() {
        return host;
    }

    /**
     * Runs every check.
     *
     * @param cacheDir where DJL unpacks the natives ({@code model.cache_dir})
     * @param deviceNodes the device files the configured source opens
     * @return the failures, empty when the daemon may start
     */
    public List<CheckFailure> check(Path cacheDir, List<Path> deviceNodes) {
        List<CheckFailure> failures = new ArrayList<>();
        Optional<NativeBundle> bundle = natives(failures);
        bundle.ifPresent(n -> {
            if (architecture(n, failures)) {
                Optional<KnownNatives> known = KnownNatives.lookup(n);
                cpuFeatures(n, known, failures);
                glibc(n, known, failures);
            }
            cacheSpace(n, cacheDir, failures);
        });
        DeviceNodes.check(deviceNodes, failures);
        return failures;
    }

    /** One line on what the checks found, for the start-up log and {@code check-config}. */
    public String summary(Path cacheDir) {
        if (natives.size() != 1) {
            return "platform: " + host.describe() + "; natives: " + natives.size() + " bundles on the classpath";
        }
        NativeBundle n = natives.get(0);
        String verified = KnownNatives.lookup(n).map(k -> "verified on " + k.verifiedOn() + ", needs glibc >= " + k
                .minGlibc())
                .orElse("NOT in the verified list");
        String cache = n.unpackedIn(cacheDir)
                ? "already unpacked in " + n.cacheFolder(cacheDir)
                : mb(n.unpackedBytes()) + " to unpack into " + cacheDir;
        return "platform: " + host.describe() + "; natives: " + n + ", " + verified + "; " + cache;
    }

    private Optional<NativeBundle> natives(List<CheckFailure> failures) {
        if (natives.isEmpty()) {
            failures.add(new CheckFailure(Problem.UNSUPPORTED_PLATFORM, "no PyTorch natives on the classpath (the "
                    + "pytorch-native-cpu-precxx11-*.jar in lib/ is missing): the installation is incomplete, reinstall it"));
            return Optional.empty();
        }
        Set<String> classifiers = new TreeSet<>();
        natives.forEach(n -> classifiers.add(n.classifier()));
        if (natives.size() > 1) {
            failures.add(new CheckFailure(Problem.UNSUPPORTED_PLATFORM, "PyTorch natives for " + classifiers
                    + " are all on "
                    + "the classpath and only one can load: keep the jar for this machine (" + host.arch()
                    + ") in lib/"));
            return Optional.empty();
        }
        return Optional.of(natives.get(0));
    }

    private boolean architecture(NativeBundle n, List<CheckFailure> failures) {
        if (host.arch().equals("arm")) {
            failures.add(new CheckFailure(Problem.UNSUPPORTED_PLATFORM, "this is a 32-bit ARM Java (os.arch "
                    + "arm): DJL publishes no PyTorch natives for 32-bit ARM. Install the 64-bit Raspberry Pi OS "
                    + "(`dpkg --print-architecture` must print arm64) and the arm64 package"));
            return false;
        }
        if (!host.arch().equals(n.arch())) {
            failures.add(new CheckFailure(Problem.UNSUPPORTED_PLATFORM, "the bundled PyTorch natives are built for "
                    + n.arch() + " but this machine is " + host.arch() + ": install the " + debArch(host.arch())
                    + " package (edgeinfer_VERSION_" + debArch(host.arch()) + ".deb)"));
            return false;
        }
        return true;
    }

    private void cpuFeatures(NativeBundle n, Optional<KnownNatives> known, List<CheckFailure> failures) {
        Set<String> needed = known.map(KnownNatives::cpuFeatures)
                .orElse(n.arch().equals("aarch64") ? KnownNatives.UNVERIFIED_AARCH64 : Set.of());
        if (host.cpuFeatures().isEmpty()) {
            return; // features unreadable: nothing to compare, and no reason to refuse
        }
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(host.cpuFeatures());
        if (missing.isEmpty()) {
            return;
        }
        String why = known.isPresent()
                ? ""
                : " They are not in the list verified on ARMv8.0 (a Raspberry Pi 4), so "
                        + "they are taken to need ARMv8.1 LSE atomics as DJL >= 0.30 natives do; the edgeinfer package built "
                        + "with DJL 0.29.0 / PyTorch 2.3.1 runs on this CPU.";
        failures.add(new CheckFailure(Problem.UNSUPPORTED_PLATFORM, "the PyTorch natives (" + n + ") need CPU features "
                + missing + " that this CPU (" + host.cpu() + boardSuffix() + ") lacks: they would stop the daemon "
                + "with SIGILL." + why));
    }

    private void glibc(NativeBundle n, Optional<KnownNatives> known, List<CheckFailure> failures) {
        if (known.isEmpty()) {
            return;
        }
        String min = known.get().minGlibc();
        if (host.glibc().isEmpty()) {
            failures.add(new CheckFailure(Problem.UNSUPPORTED_PLATFORM, "the C library is not glibc (musl?), and the "
                    + "PyTorch natives (" + n + ") are linked against glibc >= " + min + ": use a glibc distribution "
                    + "such as Debian or Raspberry Pi OS"));
        } else if (compareVersions(host.glibc().get(), min) < 0) {
            failures.add(new CheckFailure(Problem.UNSUPPORTED_PLATFORM, "glibc " + host.glibc().get()
                    + " is older than "
                    + "the " + min + " the PyTorch natives (" + n
                    + ") need: upgrade the OS (Debian 12 / Raspberry Pi OS "
                    + "bookworm ship 2.36)"));
        }
    }

    private void cacheSpace(NativeBundle n, Path cacheDir, List<CheckFailure> failures) {
        Path existing = cacheDir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            failures.add(new CheckFailure(Problem.CACHE_DIRECTORY, "cannot create the native cache " + cacheDir + ": "
                    + (existing == null ? "no existing parent" : existing + " is not a writable directory")
                    + " for user " + System.getProperty("user.name") + " (model.cache_dir)"));
            return;
        }
        long needed = (n.unpackedIn(cacheDir) ? 0 : n.unpackedBytes()) + MARGIN_BYTES;
        long free;
        try {
            free = usableSpace.applyAsLong(existing);
        } catch (UncheckedIOException e) {
            return; // the file system cannot say; DJL will report a failed write itself
        }
        if (free < needed) {
            failures.add(new CheckFailure(Problem.CACHE_DIRECTORY, "the native cache " + cacheDir + " needs " + mb(
                    needed)
                    + " free (" + (n.unpackedIn(cacheDir)
                            ? "natives already unpacked, head-room only"
                            : mb(n.unpackedBytes()) + " of PyTorch natives to unpack once")
                    + ") but its file system has "
                    + mb(free) + ": free space there or point model.cache_dir elsewhere"));
        }
    }

    private String boardSuffix() {
        return host.board().isEmpty() ? "" : ", " + host.board();
    }

    static String debArch(String arch) {
        return switch (arch) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    /** Numeric, dot-separated comparison ("2.9" < "2.17"). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[^0-9]+");
        String[] y = b.split("[^0-9]+");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length && !x[i].isEmpty() ? Long.parseLong(x[i]) : 0;
            long q = i < y.length && !y[i].isEmpty() ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }
}
