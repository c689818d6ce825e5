package io.edgeinfer.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Which TorchScript model to run and how.
 *
 * @param path the {@code .pt} file (relative paths in a file resolve against the config's folder)
 * @param name reported in every prediction; defaults to the file name without extension
 * @param version reported in every prediction
 * @param labels one per model output, in output order
 * @param threads PyTorch intra-op threads; keep 1 for int8 on ARM (qnnpack fights a thread pool)
 * @param cacheDir where DJL unpacks the PyTorch natives once
 * @param latencyBudgetMs p99 inference time a new model must stay within to be swapped in; null: no budget
 */
public record ModelConfig(Path path, String name, String version, List<String> labels, int threads, Path cacheDir,
        Double latencyBudgetMs) {
    public ModelConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        labels = List.copyOf(labels);
        Objects.requireNonNull(cacheDir, "cacheDir");
    }
}
