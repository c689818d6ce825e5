package io.edgeinfer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recording of samples as CSV: a header row naming the columns, then one row per sample with its
 * time in seconds in one column and numbers in the others. Plain comma-separated numbers, no quoting;
 * blank lines are skipped.
 *
 * <p>Error messages say where and what is wrong (line, column, cell count), never what the file
 * holds: a config may name any file the daemon can read, and config errors go back to whoever sent
 * the config ({@code cmd/config}).
 */
public final class CsvRecording implements AutoCloseable {
    /** Rows looked at to find the recorded rate: enough for a stable median, cheap on a big file. */
    private static final int RATE_ROWS = 1000;

    private final BufferedReader in;
    private final int timeIndex;
    private final int[] valueIndex;
    private final int width;
    private long line = 1;

    /** What a recording holds, from its header and first rows. */
    public record Header(List<String> columns, double rateHz) {
    }

    /** One sample: time in seconds and the chosen columns' values. */
    public record Row(double timeS, float[] values) {
    }

    /** The file cannot be replayed; the message names the line and what is wrong (callers add the file). */
    public static final class FormatException extends Exception {
        public FormatException(String message) {
            super(message);
        }
    }

    private CsvRecording(Path file, String timeColumn, List<String> columns) throws IOException, FormatException {
        this.in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            List<String> header = header(in.readLine());
            this.width = header.size();
            this.timeIndex = index(header, timeColumn);
            this.valueIndex = new int[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                valueIndex[i] = index(header, columns.get(i));
            }
        } catch (IOException | FormatException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Opens a recording to read {@code columns} (in that order) and the time column. */
    public static CsvRecording open(Path file, String timeColumn, List<String> columns) throws IOException,
            FormatException {
        return new CsvRecording(file, timeColumn, columns);
    }

    /**
     * Reads the header and the first rows: the columns and the recorded rate (the median gap between
     * timestamps). Fails if there is no time column, fewer than two rows, or time goes backwards.
     */
    public static Header inspect(Path file, String timeColumn) throws IOException, FormatException {
        List<String> header;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            header = header(r.readLine());
        }
        index(header, timeColumn);
        List<String> values = header.stream().filter(c -> !c.equals(timeColumn)).toList();
        try (CsvRecording rec = open(file, timeColumn, values)) {
            double[] gaps = new double[RATE_ROWS];
            int n = 0;
            Row prev = rec.next();
            Row row;
            while (n < RATE_ROWS && prev != null && (row = rec.next()) != null) {
                double gap = row.timeS() - prev.timeS();
                if (!(gap > 0)) {
                    throw new FormatException("line " + rec.line + ": time does not increase");
                }
                gaps[n++] = gap;
                prev = row;
            }
            if (n == 0) {
                throw new FormatException("needs at least two sample rows to know the rate");
            }
            return new Header(values, 1.0 / Quantiles.median(Arrays.copyOf(gaps, n)));
        }
    }

    /** The next sample, or null at the end of the file. */
    public Row next() throws IOException, FormatException {
        String text;
        do {
            text = in.readLine();
            line++;
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        String[] cells = text.split(",", -1);
        if (cells.length != width) {
            throw new FormatException("line " + line + ": " + cells.length + " cells, the header has " + width);
        }
        float[] v = new float[valueIndex.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) number(cells, valueIndex[i]);
        }
        double t = number(cells, timeIndex);
        return new Row(t, v);
    }

    private double number(String[] cells, int column) throws FormatException {
        try {
            double d = Double.parseDouble(cells[column].trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below with the line
        }
        throw new FormatException("line " + line + ", column " + (column + 1) + ": not a finite number");
    }

    private static List<String> header(String line) throws FormatException {
        if (line == null || line.isBlank()) {
            throw new FormatException("is empty: the first line must name the columns");
        }
        List<String> names = new ArrayList<>();
        for (String c : line.split(",", -1)) {
            names.add(c.trim());
        }
        return names;
    }

    private static int index(List<String> header, String column) throws FormatException {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new FormatException("has no column '" + column + "' in its header row (line 1, " + header.size()
                    + (header.size() == 1 ? " column)" : " columns)"));
        }
        return i;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
