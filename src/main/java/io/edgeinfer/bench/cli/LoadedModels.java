package io.edgeinfer.bench.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.model.DjlModelRunner;
import io.edgeinfer.model.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The models a bench compares: loaded together, in order, and closed together. */
final class LoadedModels implements AutoCloseable {
    /** Loads one model file the way its bench needs it (labels, input shape). */
    @FunctionalInterface
    interface Loader {
        DjlModelRunner load(Path file) throws ModelLoadException;
    }

    final List<DjlModelRunner> runners;

    private LoadedModels(List<DjlModelRunner> runners) {
        this.runners = List.copyOf(runners);
    }

    /** Every file, or none: when one fails, those already loaded are closed. */
    static LoadedModels load(List<Path> files, Loader loader) throws ModelLoadException {
        List<DjlModelRunner> loaded = new ArrayList<>();
        try {
            for (Path f : files) {
                loaded.add(loader.load(f));
            }
        } catch (ModelLoadException | RuntimeException e) {
            loaded.forEach(DjlModelRunner::close);
            throw e;
        }
        return new LoadedModels(loaded);
    }

    /** A model that does not fit is a configuration error (exit 78), named by its key. */
    static int refused(ModelLoadException e) {
        System.err.println(e.key() + ": " + e.getMessage());
        return ExitCodes.CONFIG;
    }

    @Override
    public void close() {
        runners.forEach(DjlModelRunner::close);
    }
}
