package io.edgeinfer.control.fleet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgeinfer.mqtt.ModelRef;
import java.util.List;
import java.util.Locale;

/**
 * The desired state of a group (docs/fleet.md, "Desired state";
 * docs/fleet-desired.schema.json): which rollout, at which stage, with which candidate model,
 * published retained and signed by the operator. Every stage, abort and completion is a new
 * {@code revision}; a device acts on a revision newer than the last it applied. The plan (every
 * stage, the gate, the limits) travels with it, so any operator can resume or abort from the broker
 * alone.
 *
 * @param schema {@link #SCHEMA}
 * @param revision grows with every document of the group, across rollouts
 * @param pipeline the pipeline the model is for; null on devices with one pipeline
 * @param stage index into {@code stages} of the stage in progress (the last one when complete; the
 *     one that failed when aborted)
 * @param previous what the group served before the rollout; an abort sends the devices that moved
 *     back to it (null when the operator saw no device serve anything yet)
 * @param auth {@code {key_id, ts_ms, sig}}; null when unsigned
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DesiredState(
        String schema,
        String group,
        String rolloutId,
        long revision,
        Phase phase,
        String pipeline,
        int stage,
        List<Stage> stages,
        Plan plan,
        Shadow shadow,
        ModelSpec model,
        ModelRef previous,
        long tsMs,
        JsonNode auth) {

    public static final String SCHEMA = "edgeinfer-fleet-desired/1";

    public DesiredState {
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    /** Where the rollout is. */
    public enum Phase {
        RUNNING, COMPLETE, ABORTED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Phase of(String s) {
            for (Phase p : values()) {
                if (p.wire().equals(s)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("'" + s + "' is not running, complete or aborted");
        }
    }

    /**
     * How each stage is judged: every member applies {@code gate} to its own figures at the end of its
     * stage; the rest is for the operator (here so a second operator can resume from the broker).
     *
     * @param gate the gate expression, docs/fleet.md "Gate"
     * @param minDevices members of a stage that must pass it before the next stage
     * @param timeoutS a stage that has not passed after this long aborts the rollout
     * @param stageDelayS how long a passed stage is held before the next one
     */
    public record Plan(String gate, int minDevices, double timeoutS, double stageDelayS) {
    }

    /**
     * How long a member of a shadow stage runs the candidate in shadow: until it compared
     * {@code windows} windows, or for {@code maxS} seconds, whichever comes first.
     */
    public record Shadow(int windows, double maxS) {
    }

    /**
     * The candidate model.
     *
     * @param signature base64 Ed25519 over the file's 32-byte SHA-256 digest (as {@code cmd/model})
     * @param labels its labels, in order; a device whose pipeline has other labels refuses it
     *     ({@code wrong_labels}). Null: not stated
     * @param url where each device fetches it ({@code https://} or {@code file://}, as {@code cmd/model}),
     *     or null when it travels in {@code chunks}
     * @param golden samples it must label right, in {@code cmd/model}'s {@code golden} form; null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelSpec(String name, String version, String sha256, String signature, List<String> labels,
            String url,
            Chunks chunks, JsonNode golden) {

        public ModelRef ref() {
            return new ModelRef(name, version, sha256);
        }
    }

    /**
     * A model sent inline: {@code count} retained messages of at most {@code chunkBytes} raw bytes each
     * on {@link FleetTopics#chunk}, {@code bytes} in all.
     */
    public record Chunks(int count, int chunkBytes, long bytes) {
    }

    /** The stage in progress. */
    public Stage current() {
        return stages.get(stage);
    }

    /** The same document at another revision and phase (an abort, a completion), unsigned. */
    public DesiredState next(long nextRevision, Phase nextPhase, int nextStage, long now) {
        return new DesiredState(schema, group, rolloutId, nextRevision, nextPhase, pipeline, nextStage, stages, plan,
                shadow,
                model, previous, now, null);
    }
}
