package io.edgeinfer.control.status;

/**
 * What the daemon knows about itself, for the {@code status} command. (Counters and health are each
 * pipeline's: {@link io.edgeinfer.control.PipelineHandle}.)
 *
 * @param startMs when it started, epoch ms
 */
public record DeviceFacts(String deviceId, String bootId, String version, long startMs) {
}
