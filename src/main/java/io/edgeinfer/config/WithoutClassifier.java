package io.edgeinfer.config;

import java.util.List;

/**
 * What a pipeline without a classifier (anomaly detection only) cannot do yet, refused when the
 * file is read rather than failing on the first window: each of these reads the classifier's label
 * or labels. {@code on_change} compares labels; Sparkplug and Home Assistant declare one score per
 * label. (Capture's reasons that judge scores are refused where they are read, in
 * {@link CaptureConfigReader}.)
 */
final class WithoutClassifier {
    private WithoutClassifier() {
    }

    static void check(Section top, List<PipelineSpec> pipelines, boolean named, MqttConfig mqtt,
            HomeAssistantConfig homeAssistant) {
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
            if (MqttConfig.SPARKPLUG.equals(mqtt.format())) {
                top.error("mqtt.format", "sparkplug declares a score metric per label and" + why + "; use json");
            }
            if (homeAssistant.enabled()) {
                top.error("homeassistant.enabled", "discovery announces a sensor per label and" + why);
            }
        }
    }
}
