package io.edgeinfer.telemetry.power;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whole-machine CPU utilisation from the first line of {@code /proc/stat}, between two calls.
 * Busy is user + nice + system + irq + softirq; idle is idle + iowait. Steal (time a hypervisor gave
 * to other guests) is neither: it is not this board's work.
 */
final class CpuLoad {
    private final Path stat;
    private long lastBusy = -1;
    private long lastIdle = -1;

    CpuLoad(Path stat) {
        this.stat = stat;
    }

    /**
     * Share of CPU time busy since the previous counted call, 0-1; null on the first call, and when
     * nothing was counted since (the next call then covers both spans).
     */
    Double sinceLast() throws PowerMeterException {
        long[] t = read();
        long busy = t[0] + t[1] + t[2] + t[5] + t[6];
        long idle = t[3] + t[4];
        if (lastBusy >= 0 && busy - lastBusy + idle - lastIdle <= 0) {
            return null; // nothing counted yet: keep the old starting point
        }
        Double u = null;
        if (lastBusy >= 0) {
            long db = busy - lastBusy;
            long di = idle - lastIdle;
            u = Math.max(0, Math.min(1, (double) db / (db + di)));
        }
        lastBusy = busy;
        lastIdle = idle;
        return u;
    }

    private long[] read() throws PowerMeterException {
        String first;
        try (var lines = Files.lines(stat)) {
            first = lines.findFirst().orElse("");
        } catch (IOException e) {
            throw new PowerMeterException("cannot read " + stat + ": " + e.getMessage(), e);
        }
        String[] f = first.trim().split("\\s+");
        if (f.length < 8 || !f[0].equals("cpu")) {
            throw new PowerMeterException("unexpected first line of " + stat + ": '" + first + "'");
        }
        long[] t = new long[7];
        try {
            for (int i = 0; i < t.length; i++) {
                t[i] = Long.parseLong(f[i + 1]);
            }
        } catch (NumberFormatException e) {
            throw new PowerMeterException("unexpected first line of " + stat + ": '" + first + "'", e);
        }
        return t;
    }
}
