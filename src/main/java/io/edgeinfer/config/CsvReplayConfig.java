package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.List;

/**
 * Samples recorded to CSV, replayed at their recorded pace (field debugging, tests).
 *
 * @param path the CSV file: a header row, then one row per sample
 * @param timeColumn the column holding each sample's time in seconds
 * @param columns the value columns, in channel order
 * @param rateHz nominal rate (default: from the file's timestamps)
 * @param speed replay speed: 1 is the recorded pace, 2 twice as fast; 0 as fast as consumed
 * @param loop start over at the end of the file (else the source stops there)
 * @param trigger optional GPIO gate or trigger, or null
 * @param units the unit of each column, in channel order (e.g. {@code g}, {@code m/s^2}), or null when
 *     unknown: vibration severity is computed only for columns in a known acceleration unit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CsvReplayConfig(Path path, String timeColumn, List<String> columns, double rateHz, double speed,
        boolean loop, GpioTriggerConfig trigger, List<String> units) implements SourceConfig {
    public static final String TYPE = "csv-replay";

    public CsvReplayConfig {
        columns = List.copyOf(columns);
        units = units == null ? null : List.copyOf(units);
    }

    /** Units unknown. */
    public CsvReplayConfig(Path path, String timeColumn, List<String> columns, double rateHz, double speed,
            boolean loop,
            GpioTriggerConfig trigger) {
        this(path, timeColumn, columns, rateHz, speed, loop, trigger, null);
    }

    @Override
    public int channels() {
        return columns.size();
    }

    @Override
    public List<Path> deviceNodes() {
        return trigger == null ? List.of() : List.of(trigger.chip());
    }
}
