package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The queue between acquisition and inference.
 *
 * @param queueCapacity windows that may wait for the model
 * @param overflow what happens when inference falls behind and the queue is full
 */
public record PipelineConfig(int queueCapacity, Overflow overflow) {

    /** Policy for a full queue. */
    public enum Overflow {
        /** Live sensors: the oldest waiting window is dropped and counted; acquisition never waits. */
        DROP_OLDEST("drop-oldest"),
        /** Replays and benchmarks: acquisition waits for the model; nothing is dropped. */
        BLOCK("block");

        private final String key;

        Overflow(String key) {
            this.key = key;
        }

        @JsonValue
        public String key() {
            return key;
        }
    }
}
