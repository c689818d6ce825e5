package io.edgeinfer.control.reconfig;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.CommandException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Restarts the parts a config change touched, in a fixed order; and again with the old config when one refuses. */
final class ComponentRestarts {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentRestarts.class);

    private final Components components;

    ComponentRestarts(Components components) {
        this.components = components;
    }

    void restart(ConfigDiff diff, DaemonConfig next) throws CommandException {
        String part = null;
        try {
            if (diff.restartSource()) {
                part = "source";
                components.restartSource(next);
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
            throw new CommandException("restart_failed", part + " did not start with the new settings (" + e.getMessage()
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

    /** What {@link #restart} restarts for {@code d}, the model included, as the answer names them. */
    static List<String> restarted(ConfigDiff d) {
        List<String> r = new ArrayList<>();
        if (d.reloadModel()) {
            r.add("model");
        }
        if (d.restartSource()) {
            r.add("source");
        }
        if (d.restartTelemetry()) {
            r.add("telemetry");
        }
        if (d.restartMetrics()) {
            r.add("metrics");
        }
        return r;
    }
}
