package io.edgeinfer.control.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgeinfer.model.ModelManifest;
import io.edgeinfer.mqtt.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model versions this daemon has served, newest last (the one serving), and the installed files
 * behind them in {@code control.model_dir/installed}. Keeps the last {@code control.keep_versions};
 * deletes only files it installed itself and no version needs, never an operator's model elsewhere.
 * The history is a small JSON file in {@code control.state_dir}, so a rollback after a restart still
 * knows where to go.
 *
 * <p>Each entry names the config file of the daemon that served it. Entries of another config (a
 * second checkout, another config sharing the state folder) are not this daemon's: they are kept in
 * the file as they are, but never listed, rolled back to or pruned. An entry from before entries were
 * named counts as this daemon's only if its file is in this daemon's model directory.
 *
 * <p>Each pipeline has its own store (its own history file); they share the model directory, so a
 * file one pipeline no longer needs is deleted only when no other pipeline's store uses it either.
 */
public final class ModelStore {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    static final String INSTALLED = "installed";
    static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /**
     * One version: where its file is, what its bytes must hash to, the labels it served with, and
     * the config file of the daemon that served it (null in entries written before it was kept).
     */
    public record Version(String name, String version, String sha256, String path, List<String> labels, long deployedMs,
            String configFile) {
    }

    private final Path historyFile;
    private final String owner;
    private final Path modelDir;
    private final List<Version> history = new ArrayList<>();
    private final List<Version> foreign = new ArrayList<>();
    private final Predicate<Path> usedElsewhere;

    /**
     * @param configFile this daemon's config file (null when it runs without one)
     * @param modelDir its {@code control.model_dir}
     */
    public ModelStore(Path historyFile, Path configFile, Path modelDir) {
        this(historyFile, configFile, modelDir, p -> false);
    }

    /**
     * @param usedElsewhere whether another store (another pipeline's) still needs a file, which is then kept;
     *     called on the control thread only, as every change of a store is
     */
    public ModelStore(Path historyFile, Path configFile, Path modelDir, Predicate<Path> usedElsewhere) {
        this.historyFile = historyFile;
        this.usedElsewhere = usedElsewhere;
        this.owner = configFile == null ? null : configFile.toAbsolutePath().normalize().toString();
        this.modelDir = modelDir.toAbsolutePath().normalize();
        for (Version v : read(historyFile)) {
            (ours(v) ? history : foreign).add(v);
        }
        if (!foreign.isEmpty()) {
            LOG.warn(
                    "model history {} holds {} version(s) of another config ({}): not this daemon's, never rolled back to",
                    historyFile, foreign.size(), foreign.get(0).configFile());
        }
    }

    private static List<Version> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(file.toFile(), new TypeReference<List<Version>>() {
            });
        } catch (IOException e) {
            LOG.warn("model history {} unreadable ({}); starting a new one", file, e.getMessage());
            return List.of();
        }
    }

    private boolean ours(Version v) {
        if (v.configFile() != null) {
            return v.configFile().equals(owner);
        }
        return Path.of(v.path()).toAbsolutePath().normalize().startsWith(modelDir);
    }

    /** This daemon's versions, oldest first. */
    public synchronized List<Version> history() {
        return List.copyOf(history);
    }

    /** Whether a version of this store, or of another config in its file, names {@code file}. */
    public synchronized boolean uses(Path file) {
        Path p = file.toAbsolutePath().normalize();
        return history.stream().anyMatch(v -> same(v, p)) || foreign.stream().anyMatch(v -> same(v, p));
    }

    /** A version of this daemon, stamped with its config file. */
    Version version(String name, String version, String sha256, Path path, List<String> labels, long deployedMs) {
        return new Version(name, version, sha256, path.toAbsolutePath().normalize().toString(), labels, deployedMs,
                owner);
    }

    /** The version before the serving one, or null. */
    synchronized Version previous() {
        return history.size() < 2 ? null : history.get(history.size() - 2);
    }

    /**
     * Records the model the daemon started with, unless the history already ends with it, keeping
     * the last {@code keep} (a model changed in the file between restarts is a version too).
     */
    synchronized void booted(Version v, int keep, Path installedDir) throws IOException {
        Version last = history.isEmpty() ? null : history.get(history.size() - 1);
        if (last == null || !last.sha256().equals(v.sha256()) || !last.path().equals(v.path())) {
            history.add(v);
            trim(keep, installedDir);
            save();
        }
    }

    /**
     * Moves a verified and validated download to its final name in {@code dir}: name and version,
     * and the start of its digest unless the version already is that (as {@code push-model}'s default
     * version is), so two files with one name and version never overwrite each other. A file with
     * those bytes already there is replaced by the same bytes.
     */
    Path install(Fetched f, String name, String version, Path dir) throws IOException {
        String sha = f.sha256().substring(0, 12);
        boolean versionIsDigest = version.length() >= 7 && f.sha256().startsWith(version.toLowerCase(Locale.ROOT));
        Path target = dir.resolve(name + "-" + version + (versionIsDigest ? "" : "-" + sha) + ".pt");
        Files.move(f.file(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // The manifest beside the download names the quantized engine the model loads on, now and at a rollback.
        Path manifest = ModelManifest.pathFor(f.file());
        if (Files.isRegularFile(manifest)) {
            Files.move(manifest, ModelManifest.pathFor(target), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    /** Deletes an installed file whose install was refused, unless a version in the history uses it. */
    synchronized void forget(Path installed) {
        deleteUnlessUsed(installed.toAbsolutePath().normalize(), installed.getParent());
    }

    /** The new version serves: append it, keep the last {@code keep}, delete installed files no one needs. */
    synchronized void deployed(Version v, int keep, Path installedDir) throws IOException {
        history.add(v);
        trim(keep, installedDir);
        save();
    }

    /** The serving version was rolled back: forget it, and its installed file unless another version uses it. */
    synchronized void rolledBack(Path installedDir) throws IOException {
        if (!history.isEmpty()) {
            Version gone = history.remove(history.size() - 1);
            deleteUnlessUsed(Path.of(gone.path()), installedDir);
        }
        save();
    }

    /**
     * Deletes what a daemon stopped mid-install left in {@code installedDir}: downloads and chunk
     * transfers not yet validated (a refused install removes its own; a kill leaves them).
     */
    void removeLeftovers(Path installedDir) {
        if (!Files.isDirectory(installedDir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(installedDir, ".{incoming,transfer}-*")) {
            for (Path f : files) {
                if (Files.isDirectory(f)) {
                    try (DirectoryStream<Path> chunks = Files.newDirectoryStream(f)) {
                        for (Path c : chunks) {
                            Files.deleteIfExists(c);
                        }
                    }
                }
                Files.deleteIfExists(f);
                LOG.info("removed {}, left by an install that did not finish", f.getFileName());
            }
        } catch (IOException e) {
            LOG.warn("cannot clean {}: {}", installedDir, e.getMessage());
        }
    }

    private void trim(int keep, Path installedDir) {
        while (history.size() > keep) {
            Version gone = history.remove(0);
            deleteUnlessUsed(Path.of(gone.path()), installedDir);
        }
    }

    /**
     * Only a file in the installed folder, and only when no version points at it: this store's, another
     * config's in its file, or another pipeline's.
     */
    private void deleteUnlessUsed(Path file, Path installedDir) {
        Path p = file.toAbsolutePath().normalize();
        if (!Objects.equals(p.getParent(), installedDir.toAbsolutePath().normalize())) {
            return;
        }
        if (!uses(p) && !usedElsewhere.test(p)) {
            try {
                if (Files.deleteIfExists(p)) {
                    LOG.info("removed model file {}: no kept version needs it", p.getFileName());
                }
                Files.deleteIfExists(ModelManifest.pathFor(p));
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", p, e.getMessage());
            }
        }
    }

    private static boolean same(Version v, Path p) {
        return Path.of(v.path()).toAbsolutePath().normalize().equals(p);
    }

    private void save() throws IOException {
        Files.createDirectories(historyFile.getParent());
        List<Version> all = new ArrayList<>(foreign);
        all.addAll(history);
        Path tmp = historyFile.resolveSibling(historyFile.getFileName() + ".tmp");
        Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
        Files.move(tmp, historyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
