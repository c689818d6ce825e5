package io.edgeinfer.mqtt;

import io.edgeinfer.pipeline.PredictionSink;

/**
 * A pipeline's publishing mode ({@code publish.mode}) in front of the outbox: takes every prediction
 * on the inference thread, never waiting on the disk, the network or a timer, and decides what goes
 * into the outbox and when. Closing it (after the inference thread has stopped) hands over what it
 * still holds, so a clean stop loses nothing.
 */
public interface PublishingSink extends PredictionSink, AutoCloseable {

    /** Puts what is pending into the outbox and stops. Idempotent. */
    @Override
    void close();
}
