package io.edgeinfer.control;

/** Re-reads the config file (SIGHUP, an edit) on the control thread: applied whole, or refused. */
@FunctionalInterface
public interface ConfigReload {
    /** @return what changed, for the log */
    String reload() throws CommandException;
}
