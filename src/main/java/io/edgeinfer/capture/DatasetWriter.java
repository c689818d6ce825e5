package io.edgeinfer.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes confirmed items in the formats the readers already take: windows as one CSV row each
 * ({@code label,x_0..x_{n-1},y_0..}: the layout {@code edgeinfer simulate} writes), frames as their
 * JPEG in an ImageFolder tree. Each is written under a temporary name and swapped in whole.
 */
final class DatasetWriter {
    static final String WINDOWS = "windows.csv";
    static final String IMAGES = "images";
    /** The held-out rows beside the training ones: {@code test.csv}, or {@code test/<label>/}. */
    static final String TEST_WINDOWS = "test.csv";
    static final String TEST_IMAGES = "test";

    /** An item with the label the user confirmed. */
    record Labelled(String label, CaptureItem item) {
    }

    private DatasetWriter() {
    }

    /** One dataset holds one kind of input of one shape (and, for windows, one channel list): else an error naming the first odd item. */
    static void checkAlike(List<CaptureItem> items, List<String> errors) {
        if (items.isEmpty()) {
            return;
        }
        CaptureItem first = items.get(0);
        for (CaptureItem i : items) {
            if (!i.input().kind().equals(first.input().kind()) || !i.input().shape().equals(first.input().shape())
                    || !Objects.equals(i.input().channels(), first.input().channels())) {
                errors.add("item " + i.id() + " is a " + i.input().kind() + " of shape " + i.input().shape()
                        + " channels " + i.input().channels() + ", item " + first.id() + " a " + first.input().kind()
                        + " of shape " + first.input().shape() + " channels " + first.input().channels()
                        + ": make one dataset per pipeline and model input");
                return;
            }
        }
    }

    /** Writes the dataset of {@code rows} into {@code out}; with no rows, removes an earlier one and returns null. */
    static Path write(Path out, List<Labelled> rows) throws IOException {
        return write(out, rows, WINDOWS, IMAGES);
    }

    /** The held-out rows, as {@link #write} does the training ones, under the test names. */
    static Path writeTest(Path out, List<Labelled> rows) throws IOException {
        return write(out, rows, TEST_WINDOWS, TEST_IMAGES);
    }

    private static Path write(Path out, List<Labelled> rows, String csvName, String imagesName) throws IOException {
        Path csv = out.resolve(csvName);
        Path images = out.resolve(imagesName);
        if (rows.isEmpty()) {
            Files.deleteIfExists(csv);
            deleteTree(images);
            return null;
        }
        if (rows.get(0).item().input().isImage()) {
            writeImages(images, rows);
            return images;
        }
        Path part = out.resolve(csvName + ".part");
        CaptureStore.writeForced(part, csv(rows).getBytes(StandardCharsets.UTF_8));
        Files.move(part, csv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        CaptureStore.forceFolder(out);
        return csv;
    }

    static String csv(List<Labelled> rows) {
        CaptureItem.Input first = rows.get(0).item().input();
        List<String> channels = columnNames(first);
        int size = first.shape().get(first.shape().size() - 1);
        StringBuilder out = new StringBuilder("label");
        for (String c : channels) {
            for (int i = 0; i < size; i++) {
                out.append(',').append(c).append('_').append(i);
            }
        }
        out.append('\n');
        for (Labelled r : rows) {
            out.append(r.label());
            for (float v : r.item().input().floats()) {
                out.append(',').append(v);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * The channels' column prefixes: the readers split a column name at its first {@code _}, so a
     * source's names that hold one (or are missing) become {@code c0, c1, ...}.
     */
    static List<String> columnNames(CaptureItem.Input in) {
        int count = in.shape().get(0);
        List<String> names = in.channels();
        if (names != null && names.size() == count
                && names.stream().allMatch(n -> n.matches("[A-Za-z0-9]+")) && names.stream().distinct()
                        .count() == count) {
            return names;
        }
        return Stream.iterate(0, i -> i + 1).limit(count).map(i -> "c" + i).toList();
    }

    /** Builds the tree beside the old one, then swaps it in: a reader sees the old tree or the new, never a mix. */
    private static void writeImages(Path images, List<Labelled> rows) throws IOException {
        Path part = images.resolveSibling(images.getFileName() + ".part");
        Path old = images.resolveSibling(images.getFileName() + ".old");
        deleteTree(part);
        deleteTree(old);
        for (Labelled r : rows) {
            Path folder = Files.createDirectories(part.resolve(r.label()));
            CaptureStore.writeForced(folder.resolve(r.item().id() + ".jpg"), r.item().input().bytes());
        }
        if (Files.exists(images)) {
            Files.move(images, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(part, images, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
