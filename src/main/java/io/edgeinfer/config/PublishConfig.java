package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;
import java.util.Objects;

/**
 * How a pipeline's predictions go out (docs/mqtt-api.md, "Publishing modes").
 *
 * @param mode every prediction, only changes (report by exception), or batches
 * @param deadband {@code on_change}: a score that moves by more than this counts as a change
 * @param heartbeatS {@code on_change}: the longest silence, seconds; a prediction goes out after it even unchanged
 * @param maxBatch {@code batch}: predictions per message at most
 * @param lingerMs {@code batch}: the longest a prediction waits for its batch to fill
 */
public record PublishConfig(Mode mode, double deadband, double heartbeatS, int maxBatch, long lingerMs) {

    public PublishConfig {
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * A {@code publish} section with only {@code given} set, every other key at its default (code
     * that builds one without a file: benchmarks, tests).
     *
     * @param given keys as written in YAML, e.g. {@code Map.of("mode", "batch", "max_batch", 100)}
     */
    public static PublishConfig of(Map<String, ?> given) {
        return Defaults.read("publish", given, PipelineSpecReader::publish);
    }

    /** When predictions are published. */
    public enum Mode {
        EVERY("every"), ON_CHANGE("on_change"), BATCH("batch");

        private final String key;

        Mode(String key) {
            this.key = key;
        }

        @JsonValue
        public String key() {
            return key;
        }
    }
}
