package io.edgeinfer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Labelled samples every model of a bench run is evaluated on: a CSV in the simulator's format
 * ({@code label,x_0..,y_0..,z_0..}) or an image folder ({@code DIR/<label>/*.png}), read the same
 * way as the compression pipeline reads them (models/python/edgecompress/data.py).
 *
 * @param sampleShape one sample's shape without the batch dimension: [C, L] or [C, H, W]
 * @param labels the labels present, in order of first appearance
 */
public record EvalData(String source, List<Long> sampleShape, List<String> labels, List<Sample> samples) {

    public EvalData {
        sampleShape = List.copyOf(sampleShape);
        labels = List.copyOf(labels);
        samples = List.copyOf(samples);
    }

    /** One labelled input, laid out as the model's tensor without the batch dimension. */
    public record Sample(String label, float[] data) {
    }

    /** Reads a CSV file or an image folder. */
    public static EvalData load(Path path) throws BenchDataException {
        if (Files.isDirectory(path)) {
            return ImageFolderData.load(path);
        }
        if (Files.isRegularFile(path)) {
            return CsvData.load(path);
        }
        throw new BenchDataException("--data " + path + ": no such file or directory");
    }

    /** The model input this data needs: batch 1 followed by the sample shape. */
    public List<Long> inputShape() {
        List<Long> s = new ArrayList<>(List.of(1L));
        s.addAll(sampleShape);
        return s;
    }

    static List<String> labelsOf(List<Sample> samples) {
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        samples.forEach(s -> seen.add(s.label()));
        return List.copyOf(seen);
    }
}
