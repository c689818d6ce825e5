package io.edgeinfer.hardware;

import com.pi4j.context.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Helpers shared by the bus wrappers. */
final class Buses {
    private static final Logger LOG = LoggerFactory.getLogger(Buses.class);

    private Buses() {
    }

    /**
     * Closes a Pi4J I/O and removes it from the context's registry, so the same id can be opened
     * again when a device comes back. A failure here is only logged: the device is gone either way.
     */
    static void release(Context context, String id) {
        try {
            if (!context.isShutdown() && context.registry().exists(id)) {
                context.shutdown(id);
            }
        } catch (RuntimeException e) {
            LOG.debug("closing {}: {}", id, e.toString());
        }
    }
}
