package io.edgeinfer.control;

import java.util.List;

/**
 * Which pipeline a command acts on: the one its optional {@code pipeline} field names, else the only
 * one. A device that runs several refuses a command acting on one that does not say which
 * ({@code pipeline_required}), and any device refuses a name it does not run
 * ({@code unknown_pipeline}); both answers list the ids, so the sender can correct itself.
 */
public final class PipelineAddress {
    /** The command field that names a pipeline. */
    public static final String FIELD = "pipeline";

    private PipelineAddress() {
    }

    /** The pipeline the command names, or null when it names none. */
    public static String named(CommandBody b, List<String> ids) throws CommandException {
        String id = b.optString(FIELD, null, "the id of one of the device's pipelines " + ids);
        if (id != null && !ids.contains(id)) {
            throw new CommandException("unknown_pipeline", "this device runs no pipeline '" + CommandBody.abbreviate(id)
                    + "'; its pipelines: " + ids);
        }
        return id;
    }

    /** The pipeline the command acts on: the one it names, else the only one. */
    public static String resolve(CommandBody b, List<String> ids) throws CommandException {
        String id = named(b, ids);
        if (id != null) {
            return id;
        }
        if (ids.size() == 1) {
            return ids.get(0);
        }
        throw required(ids);
    }

    /** The refusal of a command that must name one of several pipelines and does not. */
    public static CommandException required(List<String> ids) {
        return new CommandException("pipeline_required", "this device runs " + ids.size() + " pipelines " + ids
                + ": name the one to act on in \"" + FIELD + "\"");
    }
}
