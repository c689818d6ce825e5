package io.edgeinfer.mqtt;

import java.util.List;

/**
 * Payload of {@code predictions} in {@code publish.mode: batch}: several predictions of one pipeline
 * in one message (docs/mqtt-api.md, "Publishing modes"). Each element is a whole prediction message,
 * in {@code seq} order; a batch is one outbox record, so it is delivered, replayed and flagged
 * {@code replayed} as a whole.
 *
 * @param batch always true: what tells a batch from a single prediction on the same topic
 * @param tsMs when the batch was closed and handed to the outbox, epoch ms
 * @param suppressed predictions since the previous message that were not published: 0 in batch
 *     mode, where every prediction is in some batch (the field keeps the rule of {@code on_change}:
 *     the first {@code seq} here minus the last one before, minus one, minus this, is what was lost)
 */
public record PredictionBatch(boolean batch, String pipeline, String bootId, long tsMs, long suppressed,
        List<PredictionMessage> predictions) {

    public PredictionBatch {
        predictions = List.copyOf(predictions);
    }

    public static PredictionBatch of(String pipeline, String bootId, long tsMs, List<PredictionMessage> predictions) {
        return new PredictionBatch(true, pipeline, bootId, tsMs, 0, predictions);
    }
}
