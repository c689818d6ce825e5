package io.edgeinfer.control.fleet.device;

import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.pipeline.shadow.ShadowRunner;

/**
 * Makes the shadow a candidate runs in: in the daemon one thread per shadowed pipeline
 * ({@code edgeinfer-shadow-<pipeline>}) behind a queue of {@code fleet.shadow_queue} windows; in the
 * fleet bench a small pool shared by many simulated devices.
 */
@FunctionalInterface
public interface ShadowFactory {
    ShadowRunner create(ModelRunner candidate, String pipeline);
}
