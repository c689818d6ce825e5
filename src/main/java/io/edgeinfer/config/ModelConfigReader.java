package io.edgeinfer.config;

import io.edgeinfer.model.DjlEngine;
import io.edgeinfer.model.ManifestException;
import io.edgeinfer.model.ModelManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code model} section and the manifest beside the model file, whose labels and input shape are defaults. */
final class ModelConfigReader {
    private final Path baseDir;
    private final Map<String, String> env;

    ModelConfigReader(Path baseDir, Map<String, String> env) {
        this.baseDir = baseDir;
        this.env = env;
    }

    /**
     * {@code model.path}, resolved; null when missing. A file that is not there is reported here, with
     * every other error, rather than by the model load that only runs once the config is valid.
     */
    Path path(Section s) {
        String path = s.requiredString("path");
        if (path == null) {
            return null;
        }
        Path file = baseDir.resolve(path).normalize();
        if (Files.isDirectory(file)) {
            s.error("path", file + " is a directory; give the model file (.pt) in it");
        } else if (!Files.isRegularFile(file)) {
            s.error("path", "model file not found: " + file);
        } else if (!Files.isReadable(file)) {
            s.error("path", "model file not readable: " + file);
        }
        return file;
    }

    /** The manifest beside the model file (NAME.json), or null when there is none or it is broken (recorded). */
    static ModelManifest manifest(Section s, Path file) {
        if (file == null) {
            return null;
        }
        try {
            return ModelManifest.besides(file).orElse(null);
        } catch (ManifestException e) {
            s.error("path", e.getMessage());
            return null;
        }
    }

    /** The rest of the section; null when {@code file} is (the error is recorded). */
    ModelConfig read(Section s, Path file, ModelManifest manifest) {
        String name = s.string("name", file == null ? "model" : stem(file));
        String version = s.string("version", "unversioned");
        List<String> labels = labels(s, file, manifest);
        int threads = s.integer("threads", 1, 1, 64);
        String cache = s.string("cache_dir", null);
        Path cacheDir = cache == null ? DjlEngine.defaultCacheDir(env) : baseDir.resolve(cache).normalize();
        double budget = s.number("latency_budget_ms", Double.NaN, 0.001, 3_600_000);
        s.rejectUnknown();
        return file == null
                ? null
                : new ModelConfig(file, name, version, labels == null ? List.of() : labels, threads,
                        cacheDir, Double.isNaN(budget) ? null : budget);
    }

    private static List<String> labels(Section s, Path file, ModelManifest manifest) {
        List<String> labels = s.stringList("labels", manifest == null ? null : manifest.labels());
        if (labels == null && !s.has("labels")) {
            s.error("labels", "is required: one label per model output, in output order"
                    + " (or a manifest " + (file == null ? "NAME.json" : ModelManifest.pathFor(file).getFileName())
                    + " beside the model that lists them)");
        } else if (labels != null) {
            if (labels.size() < 2) {
                s.error("labels", "needs at least 2 labels, got " + labels.size());
            }
            Set<String> seen = new HashSet<>();
            for (String l : labels) {
                if (!seen.add(l)) {
                    s.error("labels", "label '" + l + "' appears twice");
                }
            }
        }
        return labels;
    }

    /** A manifest that describes another kind of input than the source's windows is a config error. */
    static void checkManifestInput(Section s, ModelManifest manifest, SourceConfig source) {
        if (manifest == null || source == null) {
            return;
        }
        List<Long> shape = manifest.inputShape();
        if (shape.size() != 3 || shape.get(0) != 1) {
            s.error("path", "the manifest's input shape " + shape
                    + " is not a sensor window [1, channels, window.size]");
        } else if (shape.get(1) != source.channels()) {
            s.error("path", "the manifest's input shape " + shape + " takes " + shape.get(1)
                    + " channel(s); the source gives "
                    + source.channels());
        }
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
