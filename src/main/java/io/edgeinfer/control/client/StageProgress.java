package io.edgeinfer.control.client;

import io.edgeinfer.control.fleet.Stage;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The live line of a stage in progress: where the devices stand, as counts the broker view keeps. */
public final class StageProgress {
    private static final int BAR = 20;
    /** States named on the line, the most common first; the line stays short enough for a terminal. */
    private static final int STATES = 4;

    private StageProgress() {
    }

    /**
     * E.g. {@code stage 2/4 serve:25% (revision 13) [########............] 412/1000 final | serving 380, swapping 3 | 12 s}.
     *
     * @param index the stage, from 0
     * @param elapsedMs since the stage's document was published
     */
    public static String render(int index, int stages, Stage stage, long revision, FleetBroker.Progress p,
            long elapsedMs) {
        int done = p.finished();
        int filled = p.devices() == 0 ? 0 : (int) ((long) BAR * done / p.devices());
        int answered = p.states().values().stream().mapToInt(Integer::intValue).sum();
        String states = p.states().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(STATES).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        if (answered < p.devices()) {
            states = (states.isEmpty() ? "" : states + ", ") + "not answered " + (p.devices() - answered);
        }
        if (p.devices() == 0) {
            states = "no device has reported";
        }
        return String.format(Locale.ROOT, "stage %d/%d %s (revision %d) [%s%s] %d/%d final | %s | %d s", index + 1,
                stages, stage, revision, "#".repeat(filled), ".".repeat(BAR - filled), done, p.devices(), states,
                elapsedMs / 1000);
    }
}
