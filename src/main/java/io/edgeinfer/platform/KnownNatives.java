package io.edgeinfer.platform;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the native builds edgeinfer ships need from the machine, measured rather than guessed.
 *
 * <p>Why a table of verified builds and not a scan of the libraries: nothing in an ELF file says
 * "needs ARMv8.1 LSE atomics", and the instructions themselves prove nothing. The PyTorch 2.3.1
 * aarch64 natives that run on a Cortex-A72 (ARMv8.0) contain LSE instructions too — in GCC's
 * outline-atomics helpers, which check the CPU at run time, and in SVE kernels that are only
 * dispatched on CPUs that have LSE anyway — while newer builds (DJL 0.30+, PyTorch 2.4+) were
 * compiled for ARMv8.2 and execute LSE unconditionally, dying with SIGILL on a Raspberry Pi 4.
 * Only running a build on an ARMv8.0 CPU settles it: {@code deploy/arm-smoke.sh} does that under
 * qemu pinned to {@code cortex-a72}. A build in this table passed; a build that is not is assumed
 * to need what DJL's newer aarch64 natives need ({@link #UNVERIFIED_AARCH64}).
 *
 * @param djlVersion DJL JNI version
 * @param pytorchVersion PyTorch version
 * @param flavor DJL's flavor name
 * @param classifier DJL's platform classifier
 * @param minGlibc the highest {@code GLIBC_x.y} symbol version the libraries import
 *     ({@code objdump -T}; the bundled libstdc++ raises aarch64 to 2.18)
 * @param cpuFeatures CPU features (HWCAP names) the build needs beyond the architecture baseline
 * @param verifiedOn how the entry was verified
 */
public record KnownNatives(String djlVersion, String pytorchVersion, String flavor, String classifier, String minGlibc,
        Set<String> cpuFeatures, String verifiedOn) {
    /** DJL 0.30+ aarch64 natives execute LSE atomics (ARMv8.1+): Pi 5 yes, Pi 4 no. */
    public static final Set<String> UNVERIFIED_AARCH64 = Set.of("atomics");

    static final List<KnownNatives> VERIFIED = List.of(
            new KnownNatives("0.29.0", "2.3.1", "cpu-precxx11", "linux-aarch64", "2.18", Set.of("fp", "asimd"),
                    "ARMv8.0: qemu cortex-a72 (Raspberry Pi 4) and cortex-a76 with 16 KiB pages (Raspberry Pi 5)"),
            new KnownNatives("0.29.0", "2.3.1", "cpu-precxx11", "linux-x86_64", "2.17", Set.of(),
                    "x86-64 baseline: the development and CI machines"));

    public static Optional<KnownNatives> lookup(NativeBundle natives) {
        return VERIFIED.stream()
                .filter(k -> k.djlVersion.equals(natives.djlVersion()) && k.pytorchVersion.equals(natives
                        .pytorchVersion())
                        && k.flavor.equals(natives.flavor()) && k.classifier.equals(natives.classifier()))
                .findFirst();
    }
}
