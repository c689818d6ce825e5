package io.edgeinfer.control.reconfig;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.control.CommandException;

/**
 * Loads and checks the model a changed config names, before anything else of the change is applied
 * (implemented by model deployment: the same validation as a pushed model, no fetch).
 */
@FunctionalInterface
public interface ModelChange {
    PreparedModel prepare(DaemonConfig next) throws CommandException;
}
