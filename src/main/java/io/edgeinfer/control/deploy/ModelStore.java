package io.edgeinfer.control.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model versions this device has served, newest last (the one serving), and the installed files
 * behind them in {@code control.model_dir/installed}. Keeps the last {@code control.keep_versions};
 * deletes only files it installed itself, never an operator's model elsewhere. The history is a
 * small JSON file in {@code control.state_dir}, so a rollback after a restart still knows where to go.
 */
public final class ModelStore {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    static final String INSTALLED = "installed";
    static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** One version: where its file is, what its bytes must hash to, and the labels it served with. */
    public record Version(String name, String version, String sha256, String path, List<String> labels, long deployedMs) {}

    private final Path historyFile;
    private final List<Version> history = new ArrayList<>();

    public ModelStore(Path historyFile) {
        this.historyFile = historyFile;
        if (Files.exists(historyFile)) {
            try {
                history.addAll(Json.mapper().readValue(historyFile.toFile(), new TypeReference<List<Version>>() {}));
            } catch (IOException e) {
                LOG.warn("model history {} unreadable ({}); starting a new one", historyFile, e.getMessage());
            }
        }
    }

    public synchronized List<Version> history() {
        return List.copyOf(history);
    }

    /** The version before the serving one, or null. */
    synchronized Version previous() {
        return history.size() < 2 ? null : history.get(history.size() - 2);
    }

    /**
     * Records the model the daemon started with, unless the history already ends with it, keeping
     * the last {@code keep} (a model changed in the file between restarts is a version too).
     */
    synchronized void booted(Version v, int keep) throws IOException {
        Version last = history.isEmpty() ? null : history.get(history.size() - 1);
        if (last == null || !last.sha256().equals(v.sha256()) || !last.path().equals(v.path())) {
            history.add(v);
            trim(keep);
            save();
        }
    }

    /** Moves a verified download to its final name in {@code dir}; a file with those bytes already there is reused. */
    Path install(Fetched f, String name, String version, Path dir) throws IOException {
        Path target = dir.resolve(name + "-" + version + "-" + f.sha256().substring(0, 12) + ".pt");
        Files.move(f.file(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Deletes an installed file that failed its checks, unless a version in the history uses it. */
    synchronized void forget(Path installed) {
        Path p = installed.toAbsolutePath().normalize();
        if (history.stream().noneMatch(v -> Path.of(v.path()).toAbsolutePath().normalize().equals(p))) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", p, e.getMessage());
            }
        }
    }

    /** The new version serves: append it, keep the last {@code keep}, delete installed files no one needs. */
    synchronized void deployed(Version v, int keep, Path installedDir) throws IOException {
        history.add(v);
        trim(keep);
        save();
        prune(installedDir);
    }

    /** The serving version was rolled back: forget it (its file goes with the next prune). */
    synchronized void rolledBack(Path installedDir) throws IOException {
        if (!history.isEmpty()) {
            history.remove(history.size() - 1);
        }
        save();
        prune(installedDir);
    }

    private void trim(int keep) {
        while (history.size() > keep) {
            history.remove(0);
        }
    }

    private void prune(Path installedDir) {
        if (!Files.isDirectory(installedDir)) {
            return;
        }
        Set<Path> keep = new HashSet<>();
        for (Version v : history) {
            keep.add(Path.of(v.path()).toAbsolutePath().normalize());
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(installedDir, "*.pt")) {
            for (Path f : files) {
                if (!keep.contains(f.toAbsolutePath().normalize())) {
                    Files.deleteIfExists(f);
                    LOG.info("removed old model version {}", f.getFileName());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot prune {}: {}", installedDir, e.getMessage());
        }
    }

    private void save() throws IOException {
        Files.createDirectories(historyFile.getParent());
        Path tmp = historyFile.resolveSibling(historyFile.getFileName() + ".tmp");
        Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(history));
        Files.move(tmp, historyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
