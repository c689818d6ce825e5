package io.edgeinfer.pipeline;

import io.edgeinfer.model.Window;

/**
 * The port for anything that produces model inputs: a sensor stream cut into windows, a camera, a
 * folder of images. It owns its thread and hands each finished window to the sink it was started
 * with; it never waits for inference except through that sink.
 */
public interface WindowSource extends AutoCloseable {

    /** Begins producing on the source's own thread. Called once. */
    void start(WindowSink sink);

    /** Stops producing and waits for the source's thread to end. Idempotent. */
    @Override
    void close();

    /** Receives windows on the source's thread. */
    @FunctionalInterface
    interface WindowSink {
        /** @throws InterruptedException when the sink blocks (overflow {@code block}) and the source is stopping */
        void accept(Window w) throws InterruptedException;
    }
}
