package io.edgeinfer.camera;

import io.edgeinfer.config.ImageDirConfig;
import io.edgeinfer.model.Window;
import io.edgeinfer.pipeline.WindowSource;
import io.edgeinfer.sensor.AcquisitionThread;
import io.edgeinfer.sensor.Health;
import io.edgeinfer.sensor.SourceStats;
import io.edgeinfer.sensor.Timebase;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies image files dropped into a directory, each once, in name order: the ones there at
 * start, then new ones as the directory watch reports them (with a rescan every 0.5 s in case an
 * event is missed). A file is read once it has not changed for {@code settle_ms}, then moved to
 * {@code done_dir} if one is set (else remembered for this run). A file that does not decode is
 * counted, logged and left where it is. The window carries the file's name.
 */
public final class ImageDirSource implements WindowSource {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDirSource.class);
    static final String COMPONENT = "image-dir";
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");
    private static final long RESCAN_MS = 500;

    private final ImageDirConfig config;
    private final Timebase time;
    private final Health health;
    private final SourceStats stats;
    private final ImageDecoder decoder = new ImageDecoder();
    private final ImagePreprocessor preprocessor;
    private final Set<String> seen = new HashSet<>();
    private final AcquisitionThread acquisition = new AcquisitionThread("edgeinfer-imagedir");
    private WatchService watch;
    private long index;

    public ImageDirSource(ImageDirConfig config, Timebase time, Health health, SourceStats stats) {
        this.config = config;
        this.time = time;
        this.health = health;
        this.stats = stats;
        this.preprocessor = new ImagePreprocessor(config.image());
    }

    @Override
    public void start(WindowSink sink) {
        acquisition.start(() -> run(sink));
    }

    private void run(WindowSink sink) {
        try (WatchService w = config.path().getFileSystem().newWatchService()) {
            synchronized (this) {
                watch = w;
            }
            config.path().register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            if (config.doneDir() != null) {
                Files.createDirectories(config.doneDir());
            }
            while (acquisition.running()) {
                scan(sink);
                var key = w.poll(RESCAN_MS, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            health.degraded(COMPONENT, "image directory " + config.path() + " cannot be watched: " + e.getMessage());
            LOG.error("image directory {} cannot be watched: {}", config.path(), e.getMessage());
        }
    }

    private void scan(WindowSink sink) throws InterruptedException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(config.path(), ImageDirSource::isImage)) {
            dir.forEach(files::add);
            health.ok(COMPONENT);
        } catch (IOException e) {
            health.degraded(COMPONENT, "image directory " + config.path() + " cannot be read: " + e.getMessage());
            return;
        }
        files.sort(null);
        long settleMs = Math.round(config.settleMs());
        for (Path f : files) {
            if (!acquisition.running()) {
                return;
            }
            String name = f.getFileName().toString();
            try {
                if (seen.contains(name) || !Files.isRegularFile(f)
                        || System.currentTimeMillis() - Files.getLastModifiedTime(f).toMillis() < settleMs) {
                    continue;
                }
                process(f, name, sink);
            } catch (IOException e) {
                LOG.debug("{}: {}", f, e.toString()); // gone or unreadable right now: the next scan retries
            }
        }
    }

    private void process(Path f, String name, WindowSink sink) throws IOException, InterruptedException {
        byte[] bytes = Files.readAllBytes(f);
        long at = time.nowNanos();
        long ready = System.nanoTime();
        float[] data;
        try {
            data = preprocessor.toTensor(decoder.decode(bytes));
        } catch (CorruptImageException e) {
            stats.corruptFrame();
            seen.add(name);
            LOG.warn("skipping {}: {}", f, e.getMessage());
            return;
        }
        sink.accept(Window.image(index++, at, ready, 3, config.image().height(), config.image().width(), data, name));
        if (config.doneDir() != null) {
            Files.move(f, config.doneDir().resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } else {
            seen.add(name);
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return !n.startsWith(".") && dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    public void close() {
        acquisition.stop(2000, this::closeWatch);
    }

    /** Wakes the thread from its poll of the watch; the thread's own close of it is then a no-op. */
    private void closeWatch() {
        WatchService w;
        synchronized (this) {
            w = watch;
        }
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.debug("watch close: {}", e.toString());
            }
        }
    }
}
