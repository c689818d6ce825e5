package io.edgeinfer.control.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.edgeinfer.control.Reply;
import io.edgeinfer.control.reconfig.ConfigReply;
import io.edgeinfer.mqtt.ModelRef;

/** The answers of the model commands (docs/mqtt-api.md, {@code cmd/model} and {@code cmd/rollback}). */
public final class Replies {
    private Replies() {
    }

    /**
     * A model swapped in.
     *
     * @param config what the swap changed in the config (model keys), as {@code cmd/config} answers;
     *     its {@code pipeline} names the pipeline swapped
     * @param signedBy the key that signed the file, or null without trusted keys
     * @param watchS how long the health watch now runs
     */
    public record Swapped(@JsonUnwrapped ConfigReply config, ModelRef model, ModelRef previous,
            ValidationReport validation,
            String signedBy, double watchS) implements Reply {
    }

    /** The model asked for already serves in {@code pipeline}: nothing was done. */
    public record Unchanged(String pipeline, boolean unchanged, ModelRef model) implements Reply {
    }

    /**
     * The previous version serves again.
     *
     * @param automatic the health watch called for it (else {@code cmd/rollback})
     * @param reason what the watch saw; absent for {@code cmd/rollback}
     */
    public record RolledBack(@JsonUnwrapped ConfigReply config, ModelRef model, ModelRef previous, boolean automatic,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reason) implements Reply {
    }

    /** What a refused automatic rollback still says: in which pipeline, and that the watch asked for it. */
    public record AutomaticRefused(String pipeline, boolean automatic) implements Reply {
    }
}
