package io.edgeinfer.bench;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * An ImageFolder tree, {@code DIR/<label>/*.png} (also .jpg, .bmp): folders sorted by name, files
 * sorted by name. 8-bit grey images without alpha become one channel, everything else RGB (alpha
 * dropped), values scaled to [0, 1], channel-major {@code [C, H, W]}: the compression pipeline's
 * rule, so a model sees here what it was trained on.
 */
final class ImageFolderData {
    private static final List<String> SUFFIXES = List.of(".png", ".jpg", ".jpeg", ".bmp");

    private ImageFolderData() {
    }

    static EvalData load(Path root) throws BenchDataException {
        List<EvalData.Sample> samples = new ArrayList<>();
        List<Long> shape = null;
        Path first = null;
        for (Path dir : list(root, Files::isDirectory)) {
            for (Path file : list(dir, ImageFolderData::isImage)) {
                BufferedImage img = decode(file);
                List<Long> sh = List.of(grey(img) ? 1L : 3L, (long) img.getHeight(), (long) img.getWidth());
                if (shape == null) {
                    shape = sh;
                    first = file;
                } else if (!shape.equals(sh)) {
                    throw new BenchDataException(file + ": shape " + sh + " differs from " + shape + " of " + first);
                }
                samples.add(new EvalData.Sample(dir.getFileName().toString(), tensor(img)));
            }
        }
        if (samples.isEmpty()) {
            throw new BenchDataException(root + ": no images; expected DIR/<label>/*.png");
        }
        return new EvalData(root.toString(), shape, EvalData.labelsOf(samples), samples);
    }

    /** [C, H, W] in [0, 1]. */
    static float[] tensor(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        if (grey(img)) {
            Raster r = img.getRaster();
            float[] x = new float[h * w];
            for (int y = 0; y < h; y++) {
                for (int i = 0; i < w; i++) {
                    x[y * w + i] = r.getSample(i, y, 0) / 255f;
                }
            }
            return x;
        }
        float[] x = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int i = 0; i < w; i++) {
                int rgb = img.getRGB(i, y);
                x[y * w + i] = ((rgb >> 16) & 0xFF) / 255f;
                x[h * w + y * w + i] = ((rgb >> 8) & 0xFF) / 255f;
                x[2 * h * w + y * w + i] = (rgb & 0xFF) / 255f;
            }
        }
        return x;
    }

    static boolean grey(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        return cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !cm.hasAlpha()
                && !(cm instanceof IndexColorModel)
                && cm.getComponentSize(0) == 8;
    }

    private static BufferedImage decode(Path file) throws BenchDataException {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new BenchDataException(file + ": not an image this JVM can decode");
            }
            return img;
        } catch (IOException e) {
            throw new BenchDataException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && SUFFIXES.stream().anyMatch(n::endsWith);
    }

    private static List<Path> list(Path dir, Predicate<Path> keep) throws BenchDataException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new BenchDataException(dir + ": cannot be listed: " + e.getMessage(), e);
        }
    }
}
