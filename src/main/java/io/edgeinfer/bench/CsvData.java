package io.edgeinfer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A labelled CSV: first column {@code label}, then the values channel by channel; columns whose
 * names share the prefix before {@code _} form one channel ({@code x_0..x_255} is channel x). So a
 * row is one {@code [channels, window]} sample, exactly as {@code edgeinfer simulate} writes it.
 */
final class CsvData {
    private CsvData() {}

    static EvalData load(Path file) throws BenchDataException {
        List<EvalData.Sample> samples = new ArrayList<>();
        int channels;
        int columns;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
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
            channels = prefixes.size();
            columns = names.length - 1;
            if (columns % channels != 0) {
                throw new BenchDataException(file + ": " + columns + " value columns do not split evenly into "
                        + channels + " channels " + prefixes);
            }
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) {
                    samples.add(row(file, lineNo, line, columns));
                }
            }
        } catch (IOException e) {
            throw new BenchDataException(file + ": cannot be read: " + e.getMessage(), e);
        }
        if (samples.isEmpty()) {
            throw new BenchDataException(file + ": no data rows");
        }
        return new EvalData(file.toString(), List.of((long) channels, (long) (columns / channels)),
                EvalData.labelsOf(samples), samples);
    }

    private static EvalData.Sample row(Path file, int lineNo, String line, int columns) throws BenchDataException {
        String[] cells = line.split(",", -1);
        if (cells.length != columns + 1) {
            throw new BenchDataException(file + ":" + lineNo + ": " + (cells.length - 1) + " values, the header has " + columns);
        }
        float[] x = new float[columns];
        for (int i = 0; i < columns; i++) {
            try {
                x[i] = Float.parseFloat(cells[i + 1].trim());
            } catch (NumberFormatException e) {
                throw new BenchDataException(file + ":" + lineNo + ": column " + (i + 2) + " is not a number: '" + cells[i + 1] + "'");
            }
        }
        String label = cells[0].trim();
        if (label.isEmpty()) {
            throw new BenchDataException(file + ":" + lineNo + ": empty label");
        }
        return new EvalData.Sample(label, x);
    }
}
