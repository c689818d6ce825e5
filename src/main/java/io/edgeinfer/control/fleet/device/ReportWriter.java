package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.fleet.DesiredState;
import io.edgeinfer.control.fleet.DeviceReport;
import io.edgeinfer.control.fleet.DeviceReport.State;
import io.edgeinfer.mqtt.ModelRef;
import java.time.Clock;
import java.util.Map;

/** Writes the device's reports: its identity, this boot, the time, and the model serving when it is written. */
final class ReportWriter {
    private final String deviceId;
    private final String bootId;
    private final Clock clock;

    ReportWriter(String deviceId, String bootId, Clock clock) {
        this.deviceId = deviceId;
        this.bootId = bootId;
        this.clock = clock;
    }

    /** Where a job on {@code slot} got to with revision {@code d}. */
    DeviceReport of(String group, DesiredState d, PipelineSlot slot, boolean member, Step s) {
        return new DeviceReport(DeviceReport.SCHEMA, deviceId, group, bootId, clock.millis(), d.rolloutId(), d
                .revision(),
                d.stage(), d.current().kind(), member, slot.id(), s.state(), s.code(), s.reason(), ModelRef.of(slot
                        .serving()),
                s.shadow(), s.serve(), null, s.gate());
    }

    /** A group no rollout reached yet: its first pipeline and what it serves. */
    DeviceReport idle(String group, Map<String, PipelineSlot> slots) {
        PipelineSlot first = slots.values().iterator().next();
        return new DeviceReport(DeviceReport.SCHEMA, deviceId, group, bootId, clock.millis(), null, null, null, null,
                null,
                first.id(), State.IDLE, null, null, ModelRef.of(first.serving()), null, null, null, null);
    }

    /** A saved report as this boot states it: its boot, time and the model serving now. */
    DeviceReport refreshed(DeviceReport r, Map<String, PipelineSlot> slots) {
        PipelineSlot s = slots.getOrDefault(r.pipeline(), slots.values().iterator().next());
        return new DeviceReport(r.schema(), deviceId, r.group(), bootId, clock.millis(), r.rolloutId(), r.revision(), r
                .stage(),
                r.stageKind(), r.member(), s.id(), r.state(), r.code(), r.reason(), ModelRef.of(s.serving()), r
                        .shadow(),
                r.serve(), r.refused(), r.gate());
    }

    /** The same report, telling of a document refused now. */
    DeviceReport with(DeviceReport r, DeviceReport.Refusal refusal) {
        return new DeviceReport(r.schema(), deviceId, r.group(), bootId, clock.millis(), r.rolloutId(), r.revision(), r
                .stage(),
                r.stageKind(), r.member(), r.pipeline(), r.state(), r.code(), r.reason(), r.model(), r.shadow(), r
                        .serve(),
                refusal, r.gate());
    }
}
