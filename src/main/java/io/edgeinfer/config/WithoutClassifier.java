package io.edgeinfer.config;

import java.util.List;

/**
 * What a pipeline without a classifier (anomaly detection only) cannot do yet, refused when the
 * file is read rather than failing on the first window: {@code on_change} compares the classifier's
 * labels. (Sparkplug declares such a pipeline's anomaly metrics only, Home Assistant its anomaly state
 * and alarm. Capture's reasons that judge scores are refused where they are read, in
 * {@link CaptureConfigReader}.)
 */
final class WithoutClassifier {
    private WithoutClassifier() {
    }

    static void check(Section top, List<PipelineSpec> pipelines, boolean named) {
        for (int i = 0; i < pipelines.size(); i++) {
            PipelineSpec p = pipelines.get(i);
            if (p.hasModel()) {
                continue;
            }
            String prefix = named ? "pipelines[" + i + "]." : "";
            String why = " needs a classifier: pipeline '" + p.id() + "' has no model (anomaly detection only)";
            if (p.publish().mode() == PublishConfig.Mode.ON_CHANGE) {
                top.error(prefix + "publish.mode", "on_change compares labels and" + why + "; use every or batch");
            }
        }
    }
}
