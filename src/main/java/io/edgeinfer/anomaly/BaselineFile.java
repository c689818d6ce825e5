package io.edgeinfer.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.anomaly.GaussianMixture.Component;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The baseline on disk: one header line ({@code edgeinfer-anomaly-baseline/1 length=N crc32=X}),
 * then a JSON document of N bytes whose CRC-32 is X. Numbers are stored exactly (little-endian
 * float64, base64). Written whole to a temporary file beside it, forced to the disk, then renamed
 * over it (and the folder forced), so a crash leaves the old file or the new one, never half of
 * one. Anything that does not read back exactly (truncated, garbage, another format, sizes that
 * disagree) is a {@link Damaged} file, which means relearning, not a crash.
 */
final class BaselineFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The file exists but cannot be used; the message says why. */
    static final class Damaged extends Exception {
        Damaged(String message) {
            super(message);
        }

        Damaged(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private BaselineFile() {
    }

    static void write(Path file, Baseline b) throws IOException {
        byte[] body = JSON.writeValueAsBytes(toJson(b));
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] header = (Baseline.FORMAT + " length=" + body.length + " crc32=" + Long.toHexString(crc.getValue())
                + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + body.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        AtomicFiles.write(file, all);
    }

    /** @return null when there is no file */
    static Baseline read(Path file) throws Damaged {
        byte[] all;
        try {
            if (!Files.exists(file)) {
                return null;
            }
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Damaged("cannot be read: " + e.getMessage(), e);
        }
        int nl = indexOf(all, (byte) '\n');
        if (nl < 0) {
            throw new Damaged("has no header line");
        }
        String header = new String(all, 0, nl, StandardCharsets.US_ASCII);
        String[] parts = header.split(" ");
        if (parts.length != 3 || !Baseline.FORMAT.equals(parts[0]) || !parts[1].startsWith("length=")
                || !parts[2].startsWith("crc32=")) {
            throw new Damaged("is not a " + Baseline.FORMAT + " file (header '" + shorten(header) + "')");
        }
        long length;
        long expected;
        try {
            length = Long.parseLong(parts[1].substring(7));
            expected = Long.parseLong(parts[2].substring(6), 16);
        } catch (NumberFormatException e) {
            throw new Damaged("has a malformed header '" + shorten(header) + "'", e);
        }
        if (all.length - nl - 1 != length) {
            throw new Damaged("holds " + (all.length - nl - 1) + " bytes after its header, which says " + length
                    + " (truncated or appended to)");
        }
        CRC32 crc = new CRC32();
        crc.update(all, nl + 1, (int) length);
        if (crc.getValue() != expected) {
            throw new Damaged("fails its checksum (its bytes changed after it was written)");
        }
        try {
            return fromJson(JSON.readTree(new String(all, nl + 1, (int) length, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new Damaged("has content that does not make a baseline: " + e.getMessage(), e);
        }
    }

    private static ObjectNode toJson(Baseline b) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", Baseline.FORMAT);
        o.put("config_hash", b.configHash());
        o.put("detector", b.detector());
        ArrayNode names = o.putArray("features");
        b.features().forEach(names::add);
        o.put("created_ms", b.createdMs());
        o.put("updated_ms", b.updatedMs());
        o.put("learned_windows", b.learnedWindows());
        o.put("accepted_windows", b.acceptedWindows());
        o.put("accepts", b.accepts());
        if (b.mixture() != null) {
            ObjectNode m = o.putObject("mixture");
            m.put("centre", encode(b.mixture().centre()));
            m.put("scale", encode(b.mixture().scale()));
            ArrayNode comps = m.putArray("components");
            for (Component c : b.mixture().components()) {
                ObjectNode cn = comps.addObject();
                cn.put("weight", c.weight());
                cn.put("shrinkage", c.shrinkage());
                cn.put("mean", encode(c.mean()));
                cn.put("covariance", encode(flatten(c.covariance())));
            }
        }
        o.put("calibration", encode(b.calibration()));
        return o;
    }

    private static Baseline fromJson(JsonNode o) {
        if (!Baseline.FORMAT.equals(o.path("format").asText())) {
            throw new IllegalArgumentException("format is not " + Baseline.FORMAT);
        }
        List<String> features = new ArrayList<>();
        o.path("features").forEach(f -> features.add(f.asText()));
        GaussianMixture mixture = null;
        JsonNode m = o.get("mixture");
        if (m != null && !m.isNull()) {
            int d = features.size();
            List<Component> comps = new ArrayList<>();
            for (JsonNode cn : m.path("components")) {
                comps.add(new Component(finite(cn.path("weight").asDouble(Double.NaN)), sized(decode(cn.path("mean")),
                        d),
                        square(sized(decode(cn.path("covariance")), d * d), d), cn.path("shrinkage").asDouble(0)));
            }
            mixture = new GaussianMixture(sized(decode(m.path("centre")), d), sized(decode(m.path("scale")), d), comps);
        }
        double[] calibration = decode(o.path("calibration"));
        if (calibration.length < 2 * TailFit.MIN_EXCEEDANCES) {
            throw new IllegalArgumentException("only " + calibration.length + " calibration scores");
        }
        return new Baseline(required(o, "config_hash"), required(o, "detector"), features, o.path("created_ms")
                .asLong(),
                o.path("updated_ms").asLong(), o.path("learned_windows").asLong(), o.path("accepted_windows").asLong(),
                o.path("accepts").asInt(), mixture, calibration);
    }

    private static String required(JsonNode o, String key) {
        String v = o.path(key).asText("");
        if (v.isEmpty()) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return v;
    }

    static String encode(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    static double[] decode(JsonNode text) {
        byte[] raw = Base64.getDecoder().decode(text.asText(""));
        if (raw.length % Double.BYTES != 0) {
            throw new IllegalArgumentException("an array of " + raw.length + " bytes is not float64s");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[raw.length / Double.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = finite(b.getDouble());
        }
        return out;
    }

    private static double finite(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("a stored number is not finite");
        }
        return v;
    }

    private static double[] sized(double[] v, int n) {
        if (v.length != n) {
            throw new IllegalArgumentException("an array has " + v.length + " values where " + n + " belong");
        }
        return v;
    }

    private static double[] flatten(double[][] m) {
        double[] out = new double[m.length * m.length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m.length, m.length);
        }
        return out;
    }

    private static double[][] square(double[] flat, int d) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(flat, i * d, m[i], 0, d);
        }
        return m;
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < Math.min(a.length, 256); i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
