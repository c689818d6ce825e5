package io.edgeinfer.control.status;

import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.sensor.Health;
import java.util.function.Supplier;

/**
 * What the daemon knows about itself, for the {@code status} command.
 *
 * @param startMs when it started, epoch ms
 * @param input the input's health now (a sensor away, a camera restarting), as on the {@code status} topic
 */
public record DeviceFacts(String deviceId, String bootId, String version, long startMs, PipelineStats stats,
        Supplier<Health.State> input) {

    /** Facts for a daemon whose input health is not tracked (always ok). */
    public DeviceFacts(String deviceId, String bootId, String version, long startMs, PipelineStats stats) {
        this(deviceId, bootId, version, startMs, stats, () -> Health.State.OK);
    }
}
