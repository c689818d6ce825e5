package io.edgeinfer.camera;

import io.edgeinfer.config.ImageConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The recorded camera stream under src/test/resources/camera: 20 MJPEG frames (160 x 120) of the
 * demo's conveyor parts and their labels, made by {@code python3 -m edgecompress.shapes mjpeg} (see
 * models/README.md).
 */
public final class Recorded {
    public static final Path STREAM = Path.of("src/test/resources/camera/shapes.mjpeg").toAbsolutePath();
    public static final Path LABELS = Path.of("src/test/resources/camera/shapes.mjpeg.labels").toAbsolutePath();
    /** The demo CNN's input: 64 x 64, ImageNet mean and std. */
    public static final ImageConfig IMAGE = new ImageConfig(64, 64, 64, List.of(0.485, 0.456, 0.406),
            List.of(0.229, 0.224, 0.225));

    private Recorded() {
    }

    public static byte[] stream() {
        try {
            return Files.readAllBytes(STREAM);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> labels() {
        try {
            return Files.readAllLines(LABELS).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stream's frames, each one JPEG file's bytes. */
    public static List<byte[]> frames() {
        try {
            MjpegSplitter s = new MjpegSplitter(new ByteArrayInputStream(stream()), 1 << 20);
            List<byte[]> out = new ArrayList<>();
            MjpegSplitter.Frame f;
            while ((f = s.next()) != null) {
                out.add(f.bytes());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
