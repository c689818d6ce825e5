package io.edgeinfer.control.fleet.device;

import io.edgeinfer.control.fleet.DeviceReport;
import io.edgeinfer.mqtt.ModelRef;
import java.io.IOException;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * What a job works with: its pipeline, the figures of the models serving there, where its model
 * comes from, how to start a shadow, the power reading, the clock, and what the device remembers of
 * the group.
 *
 * @param resumed the job takes up a revision a restart interrupted
 * @param nanoTime the monotonic clock shadows and waits are timed with
 */
record JobContext(PipelineSlot slot, ServeEvaluation serving, ModelSource source, ShadowFactory shadows,
        DoubleSupplier powerW,
        LongSupplier nanoTime, GroupRecord record, boolean resumed, Memory memory) {

    /** Keeps the group's record on disk. */
    interface Memory {
        /** The swap a serve stage is about to make, saved before it is made. */
        void swapping(ModelRef from, String to, GroupRecord.Baseline baseline) throws IOException;
    }

    /** The baseline saved with the record, if the job swaps the same candidate it saved. */
    GroupRecord.Baseline baselineFor(String sha256) {
        return record != null && sha256.equals(record.swappedTo()) ? record.baseline() : null;
    }

    DeviceReport.Millis ms(GroupRecord.Baseline b) {
        return b == null ? null : b.ms();
    }
}
