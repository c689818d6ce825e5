package io.edgeinfer.control.reconfig;

import io.edgeinfer.control.FileWatch;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when the config file is written or replaced (editors often write a new file and rename
 * it over the old one, so the folder is watched). Events are coalesced for a moment, because one save
 * is often several writes; the reload itself ignores a file whose bytes did not change (our own
 * writes after a push).
 */
public final class ConfigFileWatcher implements FileWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWatcher.class);
    private static final long SETTLE_MS = 300;

    private final Path file;
    private Thread thread;
    private WatchService service;

    public ConfigFileWatcher(Path file) {
        this.file = file;
    }

    @Override
    public void start(Runnable changed) throws IOException {
        service = FileSystems.getDefault().newWatchService();
        file.getParent().register(service, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
        thread = new Thread(() -> run(changed), "edgeinfer-config-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Runnable changed) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean ours = mentionsFile(key);
                key.reset();
                if (!ours) {
                    continue;
                }
                // Let the save settle: swallow what follows within SETTLE_MS, then reload once.
                WatchKey more;
                while ((more = service.poll(SETTLE_MS, TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                changed.run();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private boolean mentionsFile(WatchKey key) {
        boolean ours = false;
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.context() instanceof Path p && p.equals(file.getFileName())) {
                ours = true;
            }
        }
        return ours;
    }

    @Override
    public void close() {
        try {
            if (service != null) {
                service.close();
            }
        } catch (IOException e) {
            LOG.debug("watch service close: {}", e.getMessage());
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
