package io.edgeinfer.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeBundleTest {
    @TempDir
    Path dir;

    @Test
    void theBuildsOwnNativesAreFoundWithTheirUnpackedSizes() throws Exception {
        List<NativeBundle> found = NativeBundle.onClasspath(getClass().getClassLoader());
        assertThat(found).singleElement().satisfies(n -> {
            assertThat(n.arch()).isEqualTo(HostProbe.normaliseArch(System.getProperty("os.arch")));
            assertThat(n.pytorchVersion()).isEqualTo("2.3.1");
            assertThat(n.djlVersion()).isEqualTo("0.29.0");
            assertThat(n.flavor()).isEqualTo("cpu-precxx11");
            assertThat(n.files()).containsKeys("libtorch_cpu.so", "libc10.so", "0.29.0-libdjl_torch.so");
            assertThat(n.unpackedBytes()).isGreaterThan(200_000_000L);
            assertThat(KnownNatives.lookup(n)).isPresent();
        });
    }

    @Test
    void twoNativeJarsAreBothSeenAndSizesComeFromTheZipDirectory() throws Exception {
        Path a = nativeJar("linux-aarch64", Map.of("libtorch_cpu.so", 1000, "libc10.so", 10));
        Path b = nativeJar("linux-x86_64", Map.of("libtorch_cpu.so", 3000, "libc10.so", 30));
        Path jni = jar("jni.jar", Map.of("jnilib/pytorch.properties", "jni_version=2.3.1-0.29.0\n".getBytes(
                StandardCharsets.UTF_8),
                "jnilib/linux-aarch64/cpu-precxx11/libdjl_torch.so", new byte[77]));
        try (URLClassLoader cl = new URLClassLoader(new URL[]{a.toUri().toURL(), b.toUri().toURL(), jni.toUri()
                .toURL()}, null)) {
            List<NativeBundle> found = NativeBundle.onClasspath(cl);
            assertThat(found).extracting(NativeBundle::classifier).containsExactly("linux-aarch64", "linux-x86_64");
            NativeBundle arm = found.get(0);
            assertThat(arm.files()).isEqualTo(Map.of("libtorch_cpu.so", 1000L, "libc10.so", 10L,
                    "0.29.0-libdjl_torch.so", 77L));
            assertThat(arm.build()).isEqualTo("2.3.1-20240621");
            assertThat(arm.cacheFolder(dir)).isEqualTo(dir.resolve(
                    "pytorch/2.3.1-20240621-cpu-precxx11-linux-aarch64"));
            assertThat(arm.unpackedIn(dir)).isFalse();
            assertThat(found.get(1).files()).doesNotContainKey("0.29.0-libdjl_torch.so");
        }
    }

    private Path nativeJar(String classifier, Map<String, Integer> libs) throws IOException {
        String props = "version=2.3.1-20240621\nflavor=cpu-precxx11\nclassifier=" + classifier + "\nlibraries="
                + String.join(",", libs.keySet()) + "\n";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(NativeBundle.PROPERTIES, props.getBytes(StandardCharsets.UTF_8));
        libs.forEach((name, size) -> entries.put("pytorch/cpu-precxx11/" + classifier + "/" + name, new byte[size]));
        return jar(classifier + ".jar", entries);
    }

    private Path jar(String name, Map<String, byte[]> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                j.putNextEntry(new ZipEntry(e.getKey()));
                j.write(e.getValue());
                j.closeEntry();
            }
        }
        return jar;
    }
}
