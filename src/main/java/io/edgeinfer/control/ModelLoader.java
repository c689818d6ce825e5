package io.edgeinfer.control;

import io.edgeinfer.model.ModelLoadException;
import io.edgeinfer.model.ModelRunner;
import java.nio.file.Path;
import java.util.List;

/** Loads a model file and checks it fits the pipeline ({@code DjlModelRunner::load} in the daemon). */
@FunctionalInterface
public interface ModelLoader {
    ModelRunner load(Path file, String name, String version, List<String> labels, int channels, int size)
            throws ModelLoadException;
}
