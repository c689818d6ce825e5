package io.edgeinfer.app;

import io.edgeinfer.control.ProcessRestart;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code cmd/restart} for a daemon under a service manager: completes {@code requested}, and the
 * run command stops the daemon cleanly with {@link ExitCodes#RESTART}, which the systemd unit
 * restarts ({@code RestartForceExitStatus=75}). Without a service manager nothing would start it
 * again, so the command is refused: systemd is recognised by the variables it sets for a service
 * ({@code INVOCATION_ID}, {@code NOTIFY_SOCKET}); another supervisor that restarts on exit code 75
 * says so with {@code EDGEINFER_SUPERVISED=1}.
 */
final class SupervisedRestart implements ProcessRestart {
    private final Map<String, String> env;
    private final CompletableFuture<String> requested;

    SupervisedRestart(Map<String, String> env, CompletableFuture<String> requested) {
        this.env = env;
        this.requested = requested;
    }

    @Override
    public String unavailable() {
        if (env.containsKey("INVOCATION_ID") || env.containsKey("NOTIFY_SOCKET") || "1".equals(env.get(
                "EDGEINFER_SUPERVISED"))) {
            return null;
        }
        return "no service manager would start the daemon again (not run by systemd; under another supervisor that "
                + "restarts it on exit code " + ExitCodes.RESTART + ", set EDGEINFER_SUPERVISED=1)";
    }

    @Override
    public void request(String why) {
        requested.complete(why);
    }
}
