package io.edgeinfer.control;

/** Runs one command on the control service's thread and says what its answer adds. */
@FunctionalInterface
public interface CommandHandler {
    /**
     * @return the command's own answer fields, or null when it has none
     * @throws CommandException refused, with nothing changed
     */
    Reply handle(CommandBody body, String requestId) throws CommandException;
}
