package io.edgeinfer.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labelling sheet of a capture dataset, {@code labels.csv}: one row per item, the model's guess
 * pre-filled as the label (empty for an item of a pipeline without a classifier) and marked
 * {@code confirmed=no}. The user owns two columns, {@code label}
 * and {@code confirmed}; every other column is written afresh from the items each time, so a sheet
 * edited in a spreadsheet loses nothing but what it may not change. The sheet is its own file (not
 * a column of the dataset) because the CSV readers take every column after {@code label} as a value.
 */
final class LabelSheet {
    static final String FILE = "labels.csv";
    static final String HEADER = "id,label,confirmed,guess,confidence,reasons,device,pipeline,model";
    /** A label: also a folder name of the image dataset and a CSV cell, so nothing that could name a path or split a cell. */
    static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** What the user said of one item. */
    record Entry(String label, boolean confirmed) {
    }

    private LabelSheet() {
    }

    /**
     * The user's entries by item id, in file order; empty when there is no sheet yet. Every bad line
     * and column goes to {@code errors}, so one run names them all.
     */
    static Map<String, Entry> read(Path file, List<String> errors) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (lines.isEmpty() || !lines.get(0).strip().startsWith("id,label,confirmed")) {
            errors.add(file + ": the first line must be the header " + HEADER);
            return entries;
        }
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (!line.isBlank()) {
                parse(line.split(",", -1), file + ":" + (n + 1), entries, errors);
            }
        }
        return entries;
    }

    private static void parse(String[] cells, String where, Map<String, Entry> entries, List<String> errors) {
        if (cells.length < 3) {
            errors.add(where + ": needs at least id,label,confirmed");
            return;
        }
        String id = cells[0].strip();
        String label = cells[1].strip();
        String confirmed = cells[2].strip();
        if (!CaptureItem.ID.matcher(id).matches()) {
            errors.add(where + ": id '" + id + "' is not an item id");
        } else if (entries.containsKey(id)) {
            errors.add(where + ": item " + id + " has a second row");
        }
        if (!confirmed.equals("yes") && !confirmed.equals("no")) {
            errors.add(where + ": confirmed must be yes or no, not '" + confirmed + "'");
        } else if (confirmed.equals("yes") && !LABEL.matcher(label).matches()) {
            errors.add(where + ": label '" + label + "' is not 1-64 of A-Z a-z 0-9 _ . - (starting with a letter"
                    + " or digit)");
        }
        if (CaptureItem.ID.matcher(id).matches()) {
            entries.putIfAbsent(id, new Entry(label, confirmed.equals("yes")));
        }
    }

    /** The sheet's text: a row per item in the given order, the user's entry where there is one, else the guess. */
    static String render(List<CaptureItem> items, Map<String, Entry> entries) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (CaptureItem item : items) {
            // Without a classifier there is no guess: the label starts empty, unconfirmed.
            Entry e = entries.getOrDefault(item.id(), new Entry(item.guess() == null ? "" : item.guess(), false));
            String model = item.model() == null ? "" : item.model().name() + "@" + item.model().version();
            out.append(item.id()).append(',').append(cell(e.label())).append(',')
                    .append(e.confirmed() ? "yes" : "no").append(',').append(cell(item.guess()))
                    .append(',').append(confidence(item))
                    .append(',').append(cell(item.reasonNames())).append(',').append(cell(item.deviceId()))
                    .append(',').append(cell(item.pipeline())).append(',').append(cell(model)).append('\n');
        }
        return out.toString();
    }

    private static String confidence(CaptureItem item) {
        return item.prediction() == null ? "" : String.format(Locale.ROOT, "%.4f", item.prediction().confidence());
    }

    /** An informational cell: a comma or line break would shift the columns, so they become spaces. */
    private static String cell(String s) {
        return s == null ? "" : s.replaceAll("[,\r\n\"]", " ");
    }
}
