package io.edgeinfer.control.reconfig;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;

/**
 * The parts of a running daemon that a config change can restart one at a time, implemented by the
 * composition root. Each restart stops the old part and starts a new one from {@code next}.
 */
public interface Components {

    /**
     * The input of pipeline {@code next.id()}: its source and windowing (source settings,
     * {@code window.hop}). Its windows keep their numbering; the other pipelines are not touched.
     */
    void restartSource(PipelineSpec next) throws Exception;

    void restartTelemetry(DaemonConfig next) throws Exception;

    void restartMetrics(DaemonConfig next) throws Exception;
}
