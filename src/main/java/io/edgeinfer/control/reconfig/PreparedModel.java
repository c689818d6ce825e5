package io.edgeinfer.control.reconfig;

import io.edgeinfer.config.DaemonConfig;

/**
 * A loaded and validated model waiting for its config change to be applied: it then serves, or, when
 * the change is refused after all, it is closed and the running model never noticed.
 */
public interface PreparedModel extends AutoCloseable {
    /** Swaps it in; called once the new config is in place. */
    void serve(DaemonConfig next, String requestId);

    /** Frees it; the change that brought it was refused. */
    @Override
    void close();
}
