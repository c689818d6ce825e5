package io.edgeinfer.control;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code cmd/rebirth} and {@code cmd/restart}: the commands that act on the process rather than its model or config. */
public final class ProcessCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessCommands.class);

    private final Rebirth rebirth;
    private final Supplier<String> format;
    private final ProcessRestart restart;
    private final Supplier<List<String>> restartRequired;

    /**
     * @param rebirth Sparkplug's rebirth, or null when {@code mqtt.format} is not sparkplug
     * @param format the running {@code mqtt.format}, for the refusal
     * @param restartRequired the keys a restart puts into effect
     */
    public ProcessCommands(Rebirth rebirth, Supplier<String> format, ProcessRestart restart,
            Supplier<List<String>> restartRequired) {
        this.rebirth = rebirth;
        this.format = format;
        this.restart = restart;
        this.restartRequired = restartRequired;
    }

    /** The answer to {@code cmd/restart}; the restart itself is asked for once the answer is queued. */
    public record RestartReply(boolean restarting, List<String> applies, @JsonIgnore Runnable then)
            implements
                AfterAnswer {
        @Override
        public void afterAnswer() {
            then.run();
        }
    }

    public Reply rebirth(CommandBody b, String requestId) throws CommandException {
        b.rejectUnknown();
        if (rebirth == null) {
            throw new CommandException("not_enabled", "sparkplug not enabled (mqtt.format is " + format.get() + ")");
        }
        try {
            rebirth.rebirth();
        } catch (Exception e) {
            throw new CommandException("rebirth_failed", "rebirth failed: " + e.getMessage(), e);
        }
        return null;
    }

    public Reply restart(CommandBody b, String requestId) throws CommandException {
        b.rejectUnknown();
        String no = restart.unavailable();
        if (no != null) {
            throw new CommandException("not_supervised", "restart refused: " + no);
        }
        String why = "cmd/restart " + requestId;
        return new RestartReply(true, restartRequired.get(), () -> {
            LOG.info("restart requested ({})", why);
            restart.request(why);
        });
    }
}
