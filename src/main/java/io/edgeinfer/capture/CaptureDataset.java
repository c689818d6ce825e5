package io.edgeinfer.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code edgeinfer capture dataset}: pulled (or exported, or uploaded) items made into a dataset that
 * {@code bench --data} and the compression pipeline read as they are: {@code windows.csv}
 * ({@code label,x_0..,y_0..}) for windows, {@code images/<label>/<id>.jpg} for camera frames. The
 * labels come from {@link LabelSheet}: the first run writes it with the model's guesses, unconfirmed;
 * the user corrects and confirms rows, and the next run (the same command) rebuilds the dataset from
 * the confirmed rows only. Everything is checked before anything is written, so a bad item or a bad
 * sheet row leaves the folder as it was. With a holdout ({@link Holdout}), a share of each label's
 * confirmed rows goes to {@code test.csv} (or {@code test/<label>/}) instead, never into training.
 */
public final class CaptureDataset {
    /**
     * What one run did.
     *
     * @param items items found
     * @param added rows new to the sheet (the model's guess, unconfirmed)
     * @param confirmed confirmed rows in the dataset (the held-out ones aside)
     * @param dataset the dataset written ({@code windows.csv} or the {@code images} folder), null when none is confirmed yet
     * @param held confirmed rows held out of it for testing
     * @param test the held-out rows ({@code test.csv} or the {@code test} folder), null when none are held out
     */
    public record Result(int items, int added, int confirmed, Path dataset, int held, Path test) {
    }

    private CaptureDataset() {
    }

    /**
     * Builds (or rebuilds) the dataset of the items under {@code items} in {@code out}.
     *
     * @throws CaptureDatasetException every damaged item, duplicate id, mixed shape and bad sheet row, each named
     * @throws IOException a folder cannot be read or written
     */
    public static Result build(Path items, Path out) throws IOException, CaptureDatasetException {
        return build(items, out, 0);
    }

    /**
     * {@link #build(Path, Path)}, holding out {@code holdout} of each label's confirmed rows as the test set.
     *
     * @throws IllegalArgumentException {@code holdout} is not at least 0 and below 1
     */
    public static Result build(Path items, Path out, double holdout) throws IOException, CaptureDatasetException {
        Holdout split = new Holdout(holdout);
        List<String> errors = new ArrayList<>();
        List<CaptureItem> all = readItems(items, errors);
        if (all.isEmpty() && errors.isEmpty()) {
            errors.add(items + ": holds no capture items (*.json, as capture pull or export writes them)");
        }
        DatasetWriter.checkAlike(all, errors);
        Path sheet = out.resolve(LabelSheet.FILE);
        Map<String, LabelSheet.Entry> entries = LabelSheet.read(sheet, errors);
        Map<String, CaptureItem> byId = new HashMap<>();
        all.forEach(i -> byId.put(i.id(), i));
        entries.keySet().stream().filter(id -> !byId.containsKey(id)).forEach(id -> errors.add(sheet + ": item " + id
                + " is not under " + items + " (moved or deleted? remove its row)"));
        if (!errors.isEmpty()) {
            throw new CaptureDatasetException(errors);
        }
        List<DatasetWriter.Labelled> confirmed = all.stream().filter(i -> entries.containsKey(i.id())
                && entries.get(i.id()).confirmed()).map(i -> new DatasetWriter.Labelled(entries.get(i.id()).label(), i))
                .toList();
        Files.createDirectories(out);
        Holdout.Split rows = split.split(confirmed);
        Path dataset = DatasetWriter.write(out, rows.train());
        Path test = DatasetWriter.writeTest(out, rows.test());
        writeSheet(sheet, LabelSheet.render(all, entries));
        int added = (int) all.stream().filter(i -> !entries.containsKey(i.id())).count();
        return new Result(all.size(), added, rows.train().size(), dataset, rows.test().size(), test);
    }

    /** @throws IllegalArgumentException {@code holdout} is not at least 0 and below 1, naming {@code --holdout} */
    public static void checkHoldout(double holdout) {
        new Holdout(holdout);
    }

    /** Every item under {@code root}, checked and sorted by id (so by time); problems go to {@code errors}. */
    private static List<CaptureItem> readItems(Path root, List<String> errors) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(CaptureStore.SUFFIX))
                    .sorted().toList();
        }
        Map<String, Path> seen = new HashMap<>();
        List<CaptureItem> items = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String id = name.substring(0, name.length() - CaptureStore.SUFFIX.length());
            try {
                CaptureItem item = CaptureItem.read(Files.readAllBytes(f), id);
                Path before = seen.putIfAbsent(id, f);
                if (before != null) {
                    errors.add(f + ": item " + id + " is also " + before + " (keep one)");
                } else {
                    items.add(item);
                }
            } catch (DamagedItemException e) {
                errors.add(f + ": " + e.getMessage());
            }
        }
        items.sort(Comparator.comparing(CaptureItem::id));
        return items;
    }

    private static void writeSheet(Path sheet, String text) throws IOException {
        Path part = sheet.resolveSibling(sheet.getFileName() + ".part");
        CaptureStore.writeForced(part, text.getBytes(StandardCharsets.UTF_8));
        Files.move(part, sheet, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        CaptureStore.forceFolder(sheet.getParent());
    }
}
