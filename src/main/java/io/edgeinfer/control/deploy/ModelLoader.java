package io.edgeinfer.control.deploy;

import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.ModelRunner;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a model file and checks it fits the pipeline's input shape {@code [1, dims...]}
 * ({@code DjlModelRunner::load} in the daemon); {@code dimsFrom} names the config keys behind dims.
 */
@FunctionalInterface
public interface ModelLoader {
    ModelRunner load(Path file, String name, String version, List<String> labels, int[] dims, String dimsFrom)
            throws ModelLoadException;
}
