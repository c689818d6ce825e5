package io.edgeinfer.platform;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads the {@link Host} from {@code /proc}, {@code /sys} and the C library. The roots and the libc
 * version are injected so tests can describe any board.
 *
 * <p>CPU features come from the auxiliary vector ({@code /proc/self/auxv}, {@code AT_HWCAP}): it is
 * what the kernel (or qemu-user, which emulates it) tells user space it may execute, so it is right
 * even where {@code /proc/cpuinfo} is not (qemu-user shows the host's).
 */
public final class HostProbe {
    private static final long AT_HWCAP = 16;
    /** Bit i of arm64 AT_HWCAP, named as the kernel names it in /proc/cpuinfo. */
    private static final List<String> ARM64_HWCAP = List.of("fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2",
            "crc32", "atomics", "fphp", "asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc", "dcpop", "sha3",
            "sm3",
            "sm4", "asimddp", "sha512", "sve", "asimdfhm", "dit", "uscat", "ilrcpc", "flagm", "ssbs", "sb", "paca",
            "pacg");
    private static final Map<Integer, String> ARM_PARTS = Map.ofEntries(Map.entry(0xd03, "Cortex-A53"),
            Map.entry(0xd04, "Cortex-A35"), Map.entry(0xd05, "Cortex-A55"), Map.entry(0xd07, "Cortex-A57"),
            Map.entry(0xd08, "Cortex-A72"), Map.entry(0xd09, "Cortex-A73"), Map.entry(0xd0a, "Cortex-A75"),
            Map.entry(0xd0b, "Cortex-A76"), Map.entry(0xd0c, "Neoverse-N1"), Map.entry(0xd0d, "Cortex-A77"),
            Map.entry(0xd40, "Neoverse-V1"), Map.entry(0xd41, "Cortex-A78"), Map.entry(0xd49, "Neoverse-N2"));

    private final Path proc;
    private final Path sys;
    private final Supplier<Optional<String>> libcVersion;
    private final String osArch;

    public HostProbe(Path proc, Path sys, Supplier<Optional<String>> libcVersion, String osArch) {
        this.proc = proc;
        this.sys = sys;
        this.libcVersion = libcVersion;
        this.osArch = osArch;
    }

    /** The machine this JVM runs on. */
    public static HostProbe system() {
        return new HostProbe(Path.of("/proc"), Path.of("/sys"), HostProbe::glibcVersion, System.getProperty("os.arch"));
    }

    public Host probe() {
        String arch = normaliseArch(osArch);
        Map<String, String> cpuinfo = cpuinfo();
        Set<String> features = arch.equals("aarch64") ? arm64Features(cpuinfo) : words(cpuinfo.get("flags"));
        return new Host(arch, features, cpuName(arch, cpuinfo), board(), libcVersion.get());
    }

    static String normaliseArch(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "arm", "armv7l", "armv6l", "armhf", "aarch32" -> "arm";
            default -> a;
        };
    }

    private Set<String> arm64Features(Map<String, String> cpuinfo) {
        Optional<Long> hwcap = auxv(AT_HWCAP);
        if (hwcap.isEmpty()) {
            return words(cpuinfo.get("Features"));
        }
        Set<String> names = new HashSet<>();
        for (int bit = 0; bit < ARM64_HWCAP.size(); bit++) {
            if ((hwcap.get() & (1L << bit)) != 0) {
                names.add(ARM64_HWCAP.get(bit));
            }
        }
        return names;
    }

    private Optional<Long> auxv(long type) {
        byte[] raw = readBytes(proc.resolve("self/auxv"));
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 16) {
            long key = b.getLong();
            long value = b.getLong();
            if (key == type) {
                return Optional.of(value);
            }
            if (key == 0) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The first processor's "key : value" lines. */
    private Map<String, String> cpuinfo() {
        Map<String, String> m = new HashMap<>();
        for (String line : readText(proc.resolve("cpuinfo")).split("\n")) {
            if (line.isBlank() && !m.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                m.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return m;
    }

    private String cpuName(String arch, Map<String, String> cpuinfo) {
        if (!arch.equals("aarch64") && !arch.equals("arm")) {
            return cpuinfo.getOrDefault("model name", "unknown CPU");
        }
        String midr = readText(sys.resolve("devices/system/cpu/cpu0/regs/identification/midr_el1")).trim();
        try {
            if (!midr.isEmpty()) {
                long v = Long.decode(midr);
                return armPart((int) ((v >> 24) & 0xff), (int) ((v >> 4) & 0xfff));
            }
            if (cpuinfo.containsKey("CPU part")) {
                return armPart(Integer.decode(cpuinfo.getOrDefault("CPU implementer", "0")),
                        Integer.decode(cpuinfo.get("CPU part")));
            }
        } catch (NumberFormatException e) {
            // Unparseable identification: fall through to the generic name.
        }
        return "unknown ARM CPU";
    }

    private static String armPart(int implementer, int part) {
        String name = implementer == 0x41 ? ARM_PARTS.get(part) : null;
        return name != null
                ? "ARM " + name
                : String.format(Locale.ROOT, "ARM CPU implementer 0x%02x part 0x%03x", implementer, part);
    }

    private String board() {
        return readText(sys.resolve("firmware/devicetree/base/model")).replace("\0", "").trim();
    }

    private static Set<String> words(String s) {
        return s == null || s.isBlank() ? Set.of() : new HashSet<>(Arrays.asList(s.trim().split("\\s+")));
    }

    private static byte[] readBytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException | SecurityException e) {
            return new byte[0];
        }
    }

    private static String readText(Path p) {
        return new String(readBytes(p), StandardCharsets.UTF_8);
    }

    private interface GlibcLib extends Library {
        String gnu_get_libc_version();
    }

    /**
     * The running glibc's version, or empty when the C library is not glibc (musl has neither
     * {@code gnu_get_libc_version} nor {@code getconf GNU_LIBC_VERSION}). {@code getconf} is asked
     * only when JNA cannot answer, so a JNA problem is not mistaken for a foreign C library.
     */
    static Optional<String> glibcVersion() {
        try {
            return Optional.of(Native.load("c", GlibcLib.class).gnu_get_libc_version());
        } catch (LinkageError e) {
            return getconfGlibc();
        }
    }

    static Optional<String> getconfGlibc() {
        try {
            Process p = new ProcessBuilder("getconf", "GNU_LIBC_VERSION").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.startsWith("glibc ")) {
                return Optional.empty();
            }
            return Optional.of(out.substring("glibc ".length()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
