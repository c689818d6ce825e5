package io.edgeinfer.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled CSV: first column {@code label}, then the values channel by channel; columns whose
 * names share the prefix before {@code _} form one channel ({@code x_0..x_255} is channel x). So a
 * row is one {@code [channels, window]} sample, exactly as {@code edgeinfer simulate} writes it
 * (read by {@link WindowCsvReader}, so {@code .csv.gz} too).
 */
final class CsvData {
    private CsvData() {
    }

    static EvalData load(Path file) throws BenchDataException {
        List<EvalData.Sample> samples = new ArrayList<>();
        int channels;
        int size;
        try (WindowCsvReader in = new WindowCsvReader(file)) {
            channels = in.channels().size();
            size = in.size();
            for (WindowCsvReader.Row r = in.next(); r != null; r = in.next()) {
                if (r.label().isEmpty()) {
                    throw new BenchDataException(file + ":" + in.line() + ": empty label");
                }
                samples.add(new EvalData.Sample(r.label(), r.data()));
            }
        }
        if (samples.isEmpty()) {
            throw new BenchDataException(file + ": no data rows");
        }
        return new EvalData(file.toString(), List.of((long) channels, (long) size), EvalData.labelsOf(samples),
                samples);
    }
}
