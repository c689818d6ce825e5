package io.edgeinfer.app;

import io.edgeinfer.capture.PipelineCapture;
import io.edgeinfer.control.fleet.device.ShadowFactory;
import io.edgeinfer.model.ModelRunner;
import io.edgeinfer.pipeline.shadow.ShadowRunner;
import java.util.function.Function;

/**
 * Shadows that capture can learn from: every shadow runner made for a pipeline whose capture keeps
 * {@code shadow_disagreement} also hands each window to that capture. The fleet agent that asks for
 * shadows sits below capture in the layers and knows nothing of it, so the root joins the two here.
 */
final class CapturingShadows implements ShadowFactory {
    private final ShadowFactory shadows;
    private final Function<String, PipelineCapture> captures;

    /**
     * @param shadows makes the runner itself
     * @param captures a pipeline's capture by pipeline id, null where it does not capture
     */
    CapturingShadows(ShadowFactory shadows, Function<String, PipelineCapture> captures) {
        this.shadows = shadows;
        this.captures = captures;
    }

    @Override
    public ShadowRunner create(ModelRunner candidate, String pipeline) {
        ShadowRunner runner = shadows.create(candidate, pipeline);
        PipelineCapture capture = captures.apply(pipeline);
        if (capture != null && capture.config().shadowDisagreement()) {
            runner.addListener(capture.shadowDisagreement().listenerFor(runner.candidate()));
        }
        return runner;
    }
}
