package io.edgeinfer.control;

import io.edgeinfer.pipeline.PipelineStats;

/**
 * What the daemon knows about itself, for the {@code status} command.
 *
 * @param startMs when it started, epoch ms
 */
public record DeviceFacts(String deviceId, String bootId, String version, long startMs, PipelineStats stats) {}
