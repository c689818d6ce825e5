package io.edgeinfer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The model files named on the command line: files as given, folders as their *.pt files by name. */
final class ModelFiles {
    private ModelFiles() {
    }

    static List<Path> resolve(List<Path> items) throws BenchDataException {
        List<Path> out = new ArrayList<>();
        for (Path p : items) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> pts = s.filter(f -> f.getFileName().toString().endsWith(".pt") && Files.isRegularFile(f))
                            .sorted().toList();
                    if (pts.isEmpty()) {
                        throw new BenchDataException("--models " + p + ": no .pt files in this folder");
                    }
                    out.addAll(pts);
                } catch (IOException e) {
                    throw new BenchDataException("--models " + p + ": cannot be listed: " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new BenchDataException("--models " + p + ": no such file or directory");
            }
        }
        return out;
    }
}
