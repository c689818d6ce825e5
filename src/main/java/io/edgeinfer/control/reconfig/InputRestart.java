package io.edgeinfer.control.reconfig;

import io.edgeinfer.config.DaemonConfig;
import io.edgeinfer.config.PipelineSpec;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.CommandHandler;
import io.edgeinfer.control.PipelineAddress;
import io.edgeinfer.control.Reply;
import java.util.List;

/**
 * The device page's "restart the input": the input stops and starts again from the running config,
 * exactly as a change of {@code source.*} restarts it (window numbering continues). A local-only
 * command: it has no MQTT topic, a pushed config does the same remotely.
 */
public final class InputRestart implements CommandHandler {
    private final ConfigControl configs;
    private final Components components;

    public InputRestart(ConfigControl configs, Components components) {
        this.configs = configs;
        this.components = components;
    }

    @Override
    public Reply handle(CommandBody body, String requestId) throws CommandException {
        DaemonConfig current = configs.current();
        List<String> ids = current.pipelines().stream().map(PipelineSpec::id).toList();
        String id = PipelineAddress.resolve(body, ids);
        body.rejectUnknown();
        try {
            components.restartSource(current.pipeline(id).orElseThrow());
        } catch (Exception e) {
            throw new CommandException("restart_failed", "the input did not restart: " + e.getMessage(), e);
        }
        return new ConfigReply(id, List.of(), List.of("source"), List.of(), configs.configHash(), null);
    }
}
