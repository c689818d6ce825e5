package io.edgeinfer.control.fleet.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgeinfer.control.fleet.DeviceReport;
import io.edgeinfer.mqtt.ModelRef;

/**
 * What a device remembers of one group across restarts: its last report (so the revision it acted on
 * and where it got to), whether that revision was still being applied when the process stopped, and
 * what a serve stage swapped (so an abort knows whether to roll back, and a restart what the
 * candidate is judged against).
 *
 * @param inProgress the report's revision was not finished: its document is taken up again when it
 *     arrives (retained) after the restart
 * @param swappedFrom the model the rollout's serve stage replaced; null when it swapped nothing
 * @param swappedTo the candidate's sha256 it swapped in; null when it swapped nothing
 * @param baseline the replaced model's figures before the swap
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record GroupRecord(DeviceReport report, boolean inProgress, ModelRef swappedFrom, String swappedTo, Baseline baseline) {

    /** The serving model's inference times and energy before a swap. */
    record Baseline(DeviceReport.Millis ms, Double energyMj) {
    }

    GroupRecord withReport(DeviceReport r, boolean progress) {
        return new GroupRecord(r, progress, swappedFrom, swappedTo, baseline);
    }

    /** The same group at a new rollout: nothing swapped yet. */
    GroupRecord forRollout(String rolloutId) {
        boolean same = report != null && rolloutId.equals(report.rolloutId());
        return same ? this : new GroupRecord(report, inProgress, null, null, null);
    }

    GroupRecord swapping(ModelRef from, String to, Baseline before) {
        return new GroupRecord(report, true, from, to, before);
    }

    long revision() {
        return report == null || report.revision() == null ? 0 : report.revision();
    }
}
