package io.edgeinfer.control.reconfig;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the parts a config change touched, in a fixed order (the inputs of the pipelines whose
 * source changed, in config order, then telemetry, then metrics); and again with the old config when
 * one refuses.
 */
final class ComponentRestarts {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentRestarts.class);

    private final Components components;

    ComponentRestarts(Components components) {
        this.components = components;
    }

    void restart(ConfigDiff diff, DaemonConfig next) throws CommandException {
        String part = null;
        try {
            for (ConfigDiff.Pipeline p : diff.pipelines()) {
                if (p.restartSource()) {
                    part = p.key() + "source";
                    components.restartSource(next.pipeline(p.id()).orElseThrow());
                }
            }
            if (diff.restartTelemetry()) {
                part = "telemetry";
                components.restartTelemetry(next);
            }
            if (diff.restartMetrics()) {
                part = "metrics";
                components.restartMetrics(next);
            }
        } catch (Exception e) {
            throw new CommandException("restart_failed", part + " did not start with the new settings (" + e
                    .getMessage()
                    + "); the previous config is back in place", e);
        }
    }

    void revert(ConfigDiff diff, DaemonConfig old) {
        try {
            restart(diff, old);
        } catch (CommandException e) {
            LOG.error("restoring the previous config failed too: {}", e.getMessage());
        }
    }
}
