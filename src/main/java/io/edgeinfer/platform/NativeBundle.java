package io.edgeinfer.platform;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The PyTorch natives on the classpath, as DJL will unpack them: read from the native jar's
 * {@code native/lib/pytorch.properties} and its entry sizes (the zip directory, so nothing is
 * decompressed), plus DJL's JNI library from the {@code pytorch-jni} jar.
 *
 * @param pytorchVersion e.g. {@code 2.3.1} (the build date DJL appends is dropped)
 * @param build the full version string, e.g. {@code 2.3.1-20240621}: DJL's cache folder name
 * @param flavor e.g. {@code cpu-precxx11}
 * @param classifier e.g. {@code linux-aarch64}
 * @param djlVersion the DJL JNI version, e.g. {@code 0.29.0}
 * @param files unpacked file name to size in bytes, the JNI library included (as DJL names it)
 */
public record NativeBundle(String pytorchVersion, String build, String flavor, String classifier, String djlVersion,
        Map<String, Long> files) {
    static final String PROPERTIES = "native/lib/pytorch.properties";
    static final String JNI_PROPERTIES = "jnilib/pytorch.properties";

    public NativeBundle {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** The architecture the natives are built for ({@code aarch64}, {@code x86_64}). */
    public String arch() {
        int dash = classifier.indexOf('-');
        return dash < 0 ? classifier : classifier.substring(dash + 1);
    }

    public long unpackedBytes() {
        return files.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Where DJL unpacks them under its cache directory. */
    public Path cacheFolder(Path cacheDir) {
        return cacheDir.resolve("pytorch").resolve(build + "-" + flavor + "-" + classifier);
    }

    /** True when every file is already unpacked there with its full size (no space needed then). */
    public boolean unpackedIn(Path cacheDir) {
        Path folder = cacheFolder(cacheDir);
        for (Map.Entry<String, Long> f : files.entrySet()) {
            try {
                if (Files.size(folder.resolve(f.getKey())) != f.getValue()) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "pytorch " + pytorchVersion + " " + flavor + " " + classifier + " (djl " + djlVersion + ")";
    }

    /**
     * Every native bundle the class loader sees: normally exactly one; none means the native jar
     * is missing from lib/, two means natives of two architectures were mixed.
     */
    public static List<NativeBundle> onClasspath(ClassLoader loader) throws IOException {
        String djl = jniVersion(loader);
        List<NativeBundle> found = new ArrayList<>();
        for (URL url : Collections.list(loader.getResources(PROPERTIES))) {
            Properties p = load(url);
            String build = p.getProperty("version", "");
            String flavor = p.getProperty("flavor", "");
            String classifier = p.getProperty("classifier", "");
            Map<String, Long> files = new LinkedHashMap<>();
            String prefix = "pytorch/" + flavor + "/" + classifier + "/";
            try (JarFile jar = openJar(url)) {
                for (String lib : p.getProperty("libraries", "").split(",")) {
                    ZipEntry e = jar.getEntry(prefix + lib.trim());
                    if (e != null) {
                        files.put(lib.trim(), e.getSize());
                    }
                }
            }
            jniLibrarySize(loader, classifier, flavor).ifPresent(size -> files.put(djl + "-libdjl_torch.so", size));
            int dash = build.indexOf('-');
            found.add(new NativeBundle(dash < 0 ? build : build.substring(0, dash), build, flavor, classifier, djl,
                    files));
        }
        return found;
    }

    private static String jniVersion(ClassLoader loader) throws IOException {
        URL url = loader.getResource(JNI_PROPERTIES);
        if (url == null) {
            return "unknown";
        }
        // jni_version=2.3.1-0.29.0: PyTorch version, then DJL's.
        String v = load(url).getProperty("jni_version", "unknown");
        int dash = v.lastIndexOf('-');
        return dash < 0 ? v : v.substring(dash + 1);
    }

    private static Optional<Long> jniLibrarySize(ClassLoader loader, String classifier, String flavor)
            throws IOException {
        URL url = loader.getResource("jnilib/" + classifier + "/" + flavor + "/libdjl_torch.so");
        if (url == null) {
            return Optional.empty();
        }
        try (JarFile jar = openJar(url)) {
            ZipEntry e = jar.getEntry(((JarURLConnection) url.openConnection()).getEntryName());
            return e == null ? Optional.empty() : Optional.of(e.getSize());
        }
    }

    /**
     * A private handle on the jar behind a {@code jar:} URL. Not the JVM's cached one: closing that
     * would pull the jar from under DJL, which reads the natives from it later.
     */
    private static JarFile openJar(URL url) throws IOException {
        JarURLConnection c = (JarURLConnection) url.openConnection();
        c.setUseCaches(false);
        return c.getJarFile();
    }

    private static Properties load(URL url) throws IOException {
        var c = url.openConnection();
        c.setUseCaches(false);
        Properties p = new Properties();
        try (InputStream in = c.getInputStream()) {
            p.load(in);
        }
        return p;
    }
}
