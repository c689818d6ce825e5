package io.edgeinfer.app;

import io.edgeinfer.outbox.Outbox;
import io.edgeinfer.telemetry.OutboxStats;
import java.util.function.Supplier;

/**
 * The outbox's figures for telemetry, read each time telemetry reports: the power meter is detected
 * before the outbox opens, so telemetry gets a supplier rather than the outbox itself.
 */
final class OutboxFigures implements OutboxStats {
    private final Supplier<Outbox> outbox;

    OutboxFigures(Supplier<Outbox> outbox) {
        this.outbox = outbox;
    }

    @Override
    public long depth() {
        return outbox.get().stats().depth();
    }

    @Override
    public long droppedTotal() {
        return outbox.get().stats().droppedTotal();
    }

    @Override
    public String mode() {
        return outbox.get().stats().mode();
    }

    @Override
    public String modeReason() {
        return outbox.get().stats().modeReason();
    }
}
