package io.edgeinfer.control.status;

import io.edgeinfer.pipeline.PipelineStats;
import io.edgeinfer.sensor.Health;

/**
 * What the daemon knows about itself, for the {@code status} command.
 *
 * @param startMs when it started, epoch ms
 * @param health the device's health as on the {@code status} topic: its inputs (a sensor away, a
 *     camera restarting) and its serving model (failing, falling behind)
 */
public record DeviceFacts(String deviceId, String bootId, String version, long startMs, PipelineStats stats, Health health) {}
