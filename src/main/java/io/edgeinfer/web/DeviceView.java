package io.edgeinfer.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The port through which the device page reads the daemon and asks it to act. The composition root
 * implements it with thin adapters over the running parts. The page calls it only from its own
 * threads, at most a few times a second, never from the inference thread; each call returns a
 * snapshot that the page turns into JSON as is (snake_case keys, docs/web.md).
 */
public interface DeviceView {

    /** Who this device is. */
    Device device();

    /** Every pipeline, in config order; ids are unique. */
    List<Pipeline> pipelines();

    /** The MQTT link and the outbox behind it. */
    Link link();

    /** The telemetry reporter's last message as published (docs/telemetry.schema.json), or null before the first. */
    byte[] lastTelemetry();

    /** What the start-up checks found before the daemon started. */
    Startup startup();

    /**
     * Runs an action on one pipeline through the same code path as its MQTT command. Called only
     * after the page has checked that actions are allowed and the caller may act.
     */
    CompletableFuture<ActionResult> act(String pipelineId, Action action);

    /** The page's actions. */
    enum Action {
        /** {@code cmd/rollback}: back to the previous model version. */
        ROLLBACK("rollback"),
        /** The input restarted from the running config, as a {@code source.*} change restarts it. */
        RESTART_SOURCE("restart-source");

        private final String path;

        Action(String path) {
            this.path = path;
        }

        /** The last segment of its URL, {@code /api/pipelines/{id}/actions/{path}}. */
        public String path() {
            return path;
        }
    }

    /**
     * @param startedMs when the daemon started, epoch ms
     * @param signedCommands {@code control.trusted_keys} is set now: page actions need the page's own credentials
     */
    record Device(String deviceId, String version, String bootId, long startedMs, boolean signedCommands) {
    }

    /**
     * One pipeline: what it reads, whether that works, its counters and model, and the recorder its
     * inference thread feeds with every prediction.
     */
    record Pipeline(String id, Input input, Health health, Counters counters, Model model, PipelineRecorder recorder) {
    }

    /**
     * @param kind {@code signal} (sample windows) or {@code image} (camera frames)
     * @param description the source as an operator knows it, e.g. {@code adxl345 at 0x53 on /dev/i2c-1}
     * @param channels one name per channel of a signal; the colour planes of an image
     * @param unit of a signal's values ({@code g}, {@code V}), or null when unknown
     * @param imageMean per colour plane, to undo the model's normalisation when drawing a frame; null for signals
     * @param imageStd likewise
     */
    record Input(String kind, String type, String description, double rateHz, int windowSize, int hop,
            List<String> channels,
            String unit, double[] imageMean, double[] imageStd) {
    }

    /**
     * The pipeline's health: its input delivers and its model answers.
     *
     * @param reason what is wrong and what to check, in plain words; null when ok
     */
    record Health(boolean degraded, String reason) {
    }

    /**
     * Totals since start. {@code source} holds the input's own counters (read errors, lost
     * samples, stuck and saturated windows, restarts), as in the telemetry message.
     */
    record Counters(long windowsTotal, long inferencesTotal, long inferenceErrorsTotal, long droppedWindowsTotal,
            Map<String, Object> source) {
    }

    /**
     * The serving model and its history on this device.
     *
     * @param versions the versions kept, oldest first, the serving one last
     * @param lastRollback the last rollback since start, or null
     * @param watching a swapped-in model is being watched (and rolled back if it misbehaves)
     */
    record Model(String name, String version, String sha256, long sizeBytes, List<String> labels,
            List<Version> versions,
            Rollback lastRollback, boolean watching) {
    }

    /** @param onDisk its file is still there (a rollback to it is possible) */
    record Version(String name, String version, String sha256, boolean onDisk, boolean serving, long deployedMs) {
    }

    /** @param automatic the health watch rolled back (with {@code reason}), not an operator */
    record Rollback(long tsMs, String from, String to, boolean automatic, String reason) {
    }

    /**
     * @param broker the broker URL in use
     * @param outboxDepth messages waiting for the broker's acknowledgement
     */
    record Link(String broker, boolean connected, long outboxDepth, long outboxBytes, long outboxDroppedTotal) {
    }

    /**
     * @param ran false when the daemon was started without them (tests, benches)
     * @param checked what was checked, one line each
     */
    record Startup(boolean ran, String summary, List<String> checked, List<String> failures) {
    }

    /**
     * @param ok the action was carried out
     * @param code why not ({@code no_previous_version}, {@code restart_failed}, ...), or null
     * @param answer the command's answer as sent on {@code cmd/result}
     */
    record ActionResult(boolean ok, String code, String message, Map<String, Object> answer) {
    }
}
