package io.edgeinfer.capture;

import java.io.IOException;
import java.util.LinkedHashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture thread of one pipeline: takes chosen windows off the intake and writes each as an
 * item. A write that fails (disk full, read-only folder, the card at its reserve) loses that item,
 * counts it, and says so in the status; the next window is tried again. A window already kept for
 * another reason (a shadow model's verdict arrives after the pipeline's own) is kept once.
 */
final class CaptureWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureWriter.class);
    private static final int RECENT = 256;

    private final Intake intake;
    private final StoreSlot slot;
    private final ItemFactory items;
    private final CaptureStats stats;
    private final LinkedHashSet<Long> recent = new LinkedHashSet<>();
    private int counter;
    private volatile boolean running = true;

    CaptureWriter(Intake intake, StoreSlot slot, ItemFactory items, CaptureStats stats, int firstCounter) {
        this.intake = intake;
        this.slot = slot;
        this.items = items;
        this.stats = stats;
        this.counter = firstCounter;
    }

    @Override
    public void run() {
        try {
            while (running || intake.waiting() > 0) {
                Intake.Candidate c = intake.poll(100);
                if (c != null) {
                    write(c);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Capture must never take the daemon down: this pipeline stops capturing, and says so.
            LOG.error("capture thread stopped", e);
            stats.writeFailed("capture thread stopped: " + e);
        }
    }

    void write(Intake.Candidate c) {
        long window = c.prediction().window().index();
        if (!recent.add(window)) {
            return;
        }
        if (recent.size() > RECENT) {
            recent.remove(recent.iterator().next());
        }
        String id = String.format("%013d-%08x", c.prediction().window().endEpochMs(), counter++);
        try {
            byte[] bytes = items.make(id, c).encode();
            slot.get().write(id, bytes);
            stats.kept(c.reasons().stream().map(CaptureItem.Reason::reason).toList());
            stats.written();
        } catch (NoRoomException e) {
            stats.writeFailed(e.getMessage());
        } catch (IOException e) {
            stats.writeFailed(e.getMessage() != null && e.getMessage().startsWith("capture folder")
                    ? e.getMessage()
                    : "item " + id + " cannot be written: " + StoreSlot.describe(e));
        }
    }

    /** Stops after what is queued (bounded by the caller's join). */
    void stop() {
        running = false;
    }
}
