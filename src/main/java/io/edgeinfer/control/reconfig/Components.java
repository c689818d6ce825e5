package io.edgeinfer.control.reconfig;

import io.edgeinfer.config.DaemonConfig;

/**
 * The parts of a running daemon that a config change can restart one at a time, implemented by the
 * composition root. Each restart stops the old part and starts a new one from {@code next}.
 */
public interface Components {

    /** Sensor source and windower (source settings, {@code window.hop}). Windows keep their numbering. */
    void restartSource(DaemonConfig next) throws Exception;

    void restartTelemetry(DaemonConfig next) throws Exception;

    void restartMetrics(DaemonConfig next) throws Exception;
}
