package io.edgeinfer.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the file pages the daemon touched once: while it started, and when it loaded a model later
 * (docs/BENCHMARKS.md, "Pages touched once").
 *
 * <p>
 * Loading libtorch runs its static initialisers, which register thousands of operators: ~45 MB of its code and
 * read-only data become resident on x86-64, though a small model's windows then use a few MB of it; a model
 * swap touches ~12 MB more (the archive reader, the graph passes). The JVM's own start does the same on a
 * smaller scale. Those pages are clean copies of files, so the kernel would drop them under memory pressure,
 * but until then they count in the process's resident memory and, on a board, they are memory nobody else
 * gets. {@code madvise(MADV_PAGEOUT)} (Linux 5.4+) on every mapping of a file asks the kernel to reclaim them
 * now; what the steady run still uses comes back on its next touch, from the page cache or the disk.
 *
 * <p>
 * The advice never changes contents. A dirty private page (the JVM's relocated class archive, written data)
 * stays, since without swap it has nowhere to go; a page another process maps too (a second daemon of a
 * template unit, another JVM's libjvm) stays, and is not this daemon's alone anyway; anonymous memory is never
 * advised, so a board with swap does not swap the heap out.
 *
 * <p>
 * The watcher advises once a minute after the first prediction, then looks at the file-backed resident memory
 * every few minutes and advises again only when it has grown well above the level the steady run settled at:
 * a model swap, a config push, a rollout's shadow. A steady daemon is advised once.
 */
public final class ColdPages implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ColdPages.class);
    /** {@code MADV_PAGEOUT} from linux/mman.h, the same on every architecture. */
    static final int MADV_PAGEOUT = 21;
    static final int EINVAL = 22;
    /** Growth of the file-backed resident memory above its settled level that is worth another advice. */
    static final long REGROWTH_KB = 8 * 1024;
    /** The environment variable that turns the watcher off. */
    public static final String ENV = "EDGEINFER_COLD_PAGES";
    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final Path STATUS = Path.of("/proc/self/status");

    /** Reads the process's mappings, as lines of {@code /proc/self/maps}. */
    interface Maps {
        List<String> read() throws IOException;
    }

    /** Reads the process's file-backed resident memory in kB ({@code RssFile}); -1 when unknown. */
    interface FileRss {
        long kb() throws IOException;
    }

    /** The kernel call, a port so the selection can be tested without a kernel. */
    interface Advice {
        /** Advises one range; throws {@link LastErrorException} with the errno when the kernel refuses. */
        void pageOut(long address, long length);
    }

    /** A mapping of the process, as one line of {@code /proc/self/maps} gives it. */
    record Mapping(long start, long end, String perms, String path) {
        /**
         * Parses one line; empty for a line that is not a mapping. The path is the rest of the line: file names
         * may hold spaces, and a replaced file ends in " (deleted)".
         */
        static Optional<Mapping> parse(String line) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 5 || f[0].indexOf('-') < 0 || f[1].length() != 4) {
                return Optional.empty();
            }
            try {
                String[] range = f[0].split("-", 2);
                long inode = Long.parseLong(f[4]);
                String path = f.length == 6 && inode != 0 ? f[5] : "";
                return Optional.of(new Mapping(Long.parseUnsignedLong(range[0], 16),
                        Long.parseUnsignedLong(range[1], 16), f[1], path));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        /**
         * A mapping of a file whose pages the kernel can drop: private (copy-on-write) or read-only. A shared
         * writable mapping is left alone, since its pages would be written back to the file.
         */
        boolean advisable() {
            boolean shared = perms.charAt(3) == 's';
            boolean writable = perms.charAt(1) == 'w';
            return path.startsWith("/") && end > start && !(shared && writable);
        }
    }

    /** What one release did. */
    record Released(int mappings, long advisedBytes, long fileRssBeforeKb, long fileRssAfterKb) {
        /** File-backed resident memory given back, in MB (what the steady run touches again comes back). */
        double releasedMb() {
            return (fileRssBeforeKb - fileRssAfterKb) / 1024.0;
        }
    }

    private final Maps maps;
    private final FileRss fileRss;
    private final Advice advice;
    private final ScheduledExecutorService timer;
    /** File-backed resident kB the steady run settled at after the last advice; -1 until measured. */
    private long settledKb = -1;
    private boolean adviceGiven;
    private boolean disabled;

    ColdPages(Maps maps, FileRss fileRss, Advice advice, ScheduledExecutorService timer) {
        this.maps = maps;
        this.fileRss = fileRss;
        this.advice = advice;
        this.timer = timer;
    }

    /**
     * This process's watcher, on a daemon thread of its own; idle until {@link #start}. {@value #ENV}{@code =off}
     * in {@code env} turns it off (an operator who would rather keep every page, e.g. on storage too slow to
     * read the steady run's pages back).
     */
    public static ColdPages ofThisProcess(Map<String, String> env) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cold-pages");
            t.setDaemon(true);
            return t;
        });
        return of(env, () -> Files.readAllLines(MAPS, StandardCharsets.UTF_8), ColdPages::fileRssKb, libcAdvice(),
                timer);
    }

    static ColdPages of(Map<String, String> env, Maps maps, FileRss fileRss, Advice advice,
            ScheduledExecutorService timer) {
        ColdPages watcher = new ColdPages(maps, fileRss, advice, timer);
        String value = env.getOrDefault(ENV, "on").trim();
        if ("off".equalsIgnoreCase(value)) {
            watcher.disabled = true;
            LOG.info("{}=off: pages touched once stay resident", ENV);
        } else if (!"on".equalsIgnoreCase(value) && !value.isEmpty()) {
            LOG.warn("{}={}: expected on or off; left on", ENV, value);
        }
        return watcher;
    }

    /**
     * Advises {@code first} from now, once the steady run has touched what it uses (the first telemetry, the
     * model's optimised graph after its first calls), then checks every {@code period}.
     */
    public void start(Duration first, Duration period) {
        try {
            timer.scheduleWithFixedDelay(this::check, first.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The daemon stopped before its first prediction was out: nothing to watch.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One round: the first advises, the next measures the settled level, later ones advise on regrowth. */
    synchronized void check() {
        if (disabled) { // off, or found unable
            return;
        }
        try {
            long now = fileRss.kb();
            if (settledKb < 0 && adviceGiven) {
                settledKb = now;
                LOG.debug("file-backed resident memory settled at {} MB", now / 1024);
                return;
            }
            if (adviceGiven && now < settledKb + REGROWTH_KB) {
                return;
            }
            Optional<Released> r = release(maps.read(), advice, fileRss);
            if (r.isEmpty()) {
                disabled = true;
                LOG.debug("pages touched once stay resident: this kernel has no MADV_PAGEOUT");
                return;
            }
            adviceGiven = true;
            settledKb = -1;
            LOG.info("paged out {} MB of file pages touched once ({} mappings; what the steady run uses comes back)",
                    String.format("%.1f", r.get().releasedMb()), r.get().mappings());
        } catch (IOException | RuntimeException | LinkageError e) {
            // Not Linux, no /proc, no JNA for this platform: memory stays as it is, nothing breaks.
            disabled = true;
            LOG.debug("pages touched once stay resident: {}", e.toString());
        }
    }

    /**
     * Advises every advisable mapping among {@code mapsLines}.
     *
     * @return what was released, or empty when the kernel does not know the advice (older than 5.4)
     */
    static Optional<Released> release(List<String> mapsLines, Advice advice, FileRss fileRss) throws IOException {
        long before = fileRss.kb();
        List<Mapping> chosen = new ArrayList<>();
        for (String line : mapsLines) {
            Mapping.parse(line).filter(Mapping::advisable).ifPresent(chosen::add);
        }
        int advised = 0;
        int unknown = 0;
        long bytes = 0;
        for (Mapping m : chosen) {
            try {
                advice.pageOut(m.start(), m.end() - m.start());
                advised++;
                bytes += m.end() - m.start();
            } catch (LastErrorException e) {
                // EINVAL: a kernel without the advice, or a locked mapping; ENOMEM: the mapping went away since
                // the list was read. Either way the others still count.
                unknown += e.getErrorCode() == EINVAL ? 1 : 0;
            }
        }
        if (advised == 0 && unknown > 0) {
            return Optional.empty();
        }
        return Optional.of(new Released(advised, bytes, before, fileRss.kb()));
    }

    /** {@code RssFile} of this process in kB, or -1 where /proc does not say. */
    static long fileRssKb() throws IOException {
        for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
            if (line.startsWith("RssFile:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    interface LibC extends Library {
        int madvise(Pointer address, NativeLong length, int advice) throws LastErrorException;
    }

    /** glibc's madvise, bound at its first use (on the watcher's thread, where a failure is caught). */
    static Advice libcAdvice() {
        return new Advice() {
            private LibC c;

            @Override
            public void pageOut(long address, long length) {
                if (c == null) {
                    c = Native.load("c", LibC.class);
                }
                c.madvise(new Pointer(address), new NativeLong(length), MADV_PAGEOUT);
            }
        };
    }
}
