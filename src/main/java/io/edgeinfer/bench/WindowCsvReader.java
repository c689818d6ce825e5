package io.edgeinfer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A labelled window CSV ({@code label,x_0..,y_0..}, as {@code edgeinfer simulate} writes it) read one
 * row at a time, so a simulated day (hundreds of thousands of windows) never sits in memory;
 * {@code .gz} files are read through gzip.
 */
final class WindowCsvReader implements AutoCloseable {
    private final Path file;
    private final BufferedReader in;
    private final List<String> channels;
    private final int size;
    private long line = 1;

    /** One row: its label and its channel-major values. */
    record Row(String label, float[] data) {
    }

    WindowCsvReader(Path file) throws BenchDataException {
        this.file = file;
        try {
            var stream = Files.newInputStream(file);
            this.in = new BufferedReader(new InputStreamReader(file.getFileName().toString().endsWith(".gz")
                    ? new GZIPInputStream(stream, 1 << 16)
                    : stream, StandardCharsets.UTF_8), 1 << 16);
            String header = in.readLine();
            if (header == null) {
                throw new BenchDataException(file + ": empty file");
            }
            String[] names = header.split(",", -1);
            if (!"label".equals(names[0].trim()) || names.length < 2) {
                throw new BenchDataException(file + ": the first column must be 'label', followed by value columns");
            }
            LinkedHashSet<String> prefixes = new LinkedHashSet<>();
            for (int i = 1; i < names.length; i++) {
                prefixes.add(names[i].trim().split("_", 2)[0]);
            }
            this.channels = List.copyOf(prefixes);
            if ((names.length - 1) % channels.size() != 0) {
                throw new BenchDataException(file + ": " + (names.length - 1)
                        + " value columns do not split evenly into "
                        + channels.size() + " channels " + channels);
            }
            this.size = (names.length - 1) / channels.size();
        } catch (IOException e) {
            throw new BenchDataException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    List<String> channels() {
        return channels;
    }

    int size() {
        return size;
    }

    /** The line number of the row {@link #next} returned last (1 is the header). */
    long line() {
        return line;
    }

    /** The next row, or null at the end. */
    Row next() throws BenchDataException {
        String text;
        try {
            do {
                text = in.readLine();
                line++;
                if (text == null) {
                    return null;
                }
            } while (text.isBlank());
        } catch (IOException e) {
            throw new BenchDataException(file + ": cannot be read: " + e.getMessage(), e);
        }
        String[] cells = text.split(",", -1);
        int values = channels.size() * size;
        if (cells.length != values + 1) {
            throw new BenchDataException(file + ":" + line + ": " + (cells.length - 1) + " values, the header has "
                    + values);
        }
        float[] x = new float[values];
        for (int i = 0; i < values; i++) {
            try {
                x[i] = Float.parseFloat(cells[i + 1]);
            } catch (NumberFormatException e) {
                throw new BenchDataException(file + ":" + line + ": column " + (i + 2) + " is not a number: '" + cells[i
                        + 1] + "'");
            }
        }
        return new Row(cells[0].trim(), x);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // read-only: nothing to lose
        }
    }
}
