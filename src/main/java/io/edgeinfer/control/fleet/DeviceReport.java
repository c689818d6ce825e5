package io.edgeinfer.control.fleet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.edgeinfer.mqtt.ModelRef;
import java.util.Locale;
import java.util.Map;

/**
 * What a device says about its part in a group's rollouts (docs/fleet.md, "Report";
 * docs/fleet-report.schema.json), retained on {@link FleetTopics#report}: the revision it acted on
 * last, whether it is a member of that stage, where it got to, the model it serves, and what it
 * measured. A refused document does not replace the state: it is told in {@code refused}.
 *
 * @param revision the last revision it acted on; null before the first
 * @param code with a failed state: what went wrong, for programs (the codes of {@code cmd/model})
 * @param reason with a failed state, or a note (a watch a restart cut short): for people
 * @param model what the pipeline serves now
 * @param gate {@code passed} or {@code failed}: the device's own verdict on its figures at the end of a
 *     stage, by the document's {@code plan.gate} (the failed terms are in {@code reason}); null without a gate
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceReport(
        String schema,
        String deviceId,
        String group,
        String bootId,
        long tsMs,
        String rolloutId,
        Long revision,
        Integer stage,
        Stage.Kind stageKind,
        Boolean member,
        String pipeline,
        State state,
        String code,
        String reason,
        ModelRef model,
        ShadowFigures shadow,
        ServeFigures serve,
        Refusal refused,
        String gate) {

    public static final String SCHEMA = "edgeinfer-fleet-report/1";

    /** Where the device got to with the revision it acts on. */
    public enum State {
        /** No rollout yet. */
        IDLE,
        /** The stage does not include it: nothing to do. */
        NOT_MEMBER,
        /** Waiting for the model's chunks or download. */
        FETCHING,
        /** Checking the model: sha256, signature, validation. */
        VALIDATING,
        /** The candidate runs in shadow; figures so far. */
        SHADOWING,
        /** Shadow finished; final figures. */
        SHADOW_DONE,
        /** Shadow finished and its figures fail the document's gate (reason: which terms). */
        GATE_FAILED,
        /** Being swapped in. */
        SWAPPING,
        /** Swapped in; the health watch runs. */
        WATCHING,
        /** The candidate serves (its watch passed, or a restart cut the watch short: see reason). */
        SERVING,
        /** The health watch rolled the candidate back. */
        ROLLED_BACK,
        /** The document or its model was refused; nothing changed. */
        REFUSED,
        /** The rollout was aborted: back on the previous model (or never off it). */
        ABORTED,
        /** Applying the stage went wrong (an abort that could not roll back). */
        FAILED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static State of(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }

        /** The device is done with the revision, for better or worse. */
        public boolean terminal() {
            return this != FETCHING && this != VALIDATING && this != SHADOWING && this != SWAPPING && this != WATCHING;
        }

        /** Done and it went wrong. */
        public boolean failure() {
            return this == ROLLED_BACK || this == REFUSED || this == FAILED || this == GATE_FAILED;
        }
    }

    /** Percentiles of a latency, ms. */
    public record Millis(double p50, double p99) {
    }

    /** Golden samples and how many the candidate labelled right. */
    public record Golden(int total, int correct) {
    }

    /**
     * The shadow evaluation: the candidate beside the serving model on the same live windows.
     *
     * @param windows windows both models answered (or the candidate failed on)
     * @param dropped windows the shadow queue had no room for (the candidate is slower than the windows)
     * @param agreement share of {@code windows} where the candidate's top label is the serving model's
     * @param confusion counts by serving label, then candidate label
     * @param candidateMs the candidate's inference time
     * @param servingMs the serving model's on the same windows
     * @param errors windows the candidate failed on (raised, or NaN / infinity)
     * @param nonFinite of those, the ones with NaN or infinite outputs
     * @param energyMj energy per inference of the candidate, mJ (telemetry's power x its inference time); null without a meter
     * @param servingEnergyMj the same for the serving model
     * @param golden from its validation; null without golden samples
     * @param servingBeforeMs the serving model's inference time on this device before the shadow started:
     *     beside {@code servingMs}, what running the shadow costs the serving model here
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ShadowFigures(long windows, long dropped, double agreement, Map<String, Map<String, Long>> confusion,
            Millis candidateMs, Millis servingMs, long errors, long nonFinite, Double energyMj, Double servingEnergyMj,
            Golden golden, double elapsedS, Millis servingBeforeMs) {
    }

    /**
     * The candidate serving, after the swap.
     *
     * @param watch {@code running}, {@code passed}, {@code rolled_back}, or {@code interrupted} (a restart
     *     cut it short; the figures then cover the time since the restart)
     * @param baselineMs the previous model's inference time on this device before the swap; null if unknown
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServeFigures(String watch, long windows, long errors, Millis candidateMs, Millis baselineMs,
            Double energyMj,
            Double baselineEnergyMj, Golden golden) {
    }

    /**
     * The last document refused (older revision, bad signature, ...).
     *
     * @param revision the document's revision; null when it was not read far enough to trust it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Refusal(Long revision, String code, String reason, long tsMs) {
    }
}
