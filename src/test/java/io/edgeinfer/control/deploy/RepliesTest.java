package io.edgeinfer.control.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeinfer.config.ConfigError;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.CommandResult;
import io.edgeinfer.control.reconfig.ConfigReply;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.ModelRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed answers encode to the {@code cmd/result} documents of docs/mqtt-api.md, member for member. */
class RepliesTest {
    private static final ModelRef NEW = new ModelRef("vibration-mlp", "2.0.0", "81fa");
    private static final ModelRef OLD = new ModelRef("vibration-mlp", "1.0.0", "d2c0");
    private static final ConfigReply MODEL_KEYS = new ConfigReply("main", List.of("model"), List.of("model"), List.of(),
            "c0ff",
            null);

    private static String json(CommandResult r) {
        return new String(Json.encode(r), StandardCharsets.UTF_8);
    }

    @Test
    void aSwapAnswerHasTheCommonFieldsThenItsPipelineAndTheConfigFieldsThenTheModelFields() {
        CommandResult r = CommandResult.ok("r1", "model", 5, new Replies.Swapped(MODEL_KEYS, NEW, OLD,
                new ValidationReport(12.5, 0.2, 0.4, null), null, 60));
        assertThat(json(r)).isEqualTo(
                "{\"request_id\":\"r1\",\"command\":\"model\",\"ok\":true,\"ts_ms\":5,\"error\":null,"
                        + "\"pipeline\":\"main\",\"changed\":[\"model\"],\"restarted\":[\"model\"],\"restart_required\":[],\"config_sha256\":\"c0ff\","
                        + "\"model\":{\"name\":\"vibration-mlp\",\"version\":\"2.0.0\",\"sha256\":\"81fa\"},"
                        + "\"previous\":{\"name\":\"vibration-mlp\",\"version\":\"1.0.0\",\"sha256\":\"d2c0\"},"
                        + "\"validation\":{\"load_ms\":12.5,\"p50_ms\":0.2,\"p99_ms\":0.4},\"signed_by\":null,\"watch_s\":60.0}");
    }

    @Test
    void goldenSamplesAndAnUnchangedModelAreReportedAsDocumented() {
        ValidationReport v = new ValidationReport(1, 2, 3, new ValidationReport.Golden(10, 9));
        assertThat(new String(Json.encode(v), StandardCharsets.UTF_8))
                .isEqualTo("{\"load_ms\":1.0,\"p50_ms\":2.0,\"p99_ms\":3.0,\"golden\":{\"total\":10,\"correct\":9}}");
        assertThat(json(CommandResult.ok("r2", "model", 5, new Replies.Unchanged("main", true, OLD))))
                .endsWith(
                        "\"error\":null,\"pipeline\":\"main\",\"unchanged\":true,\"model\":{\"name\":\"vibration-mlp\",\"version\":\"1.0.0\",\"sha256\":\"d2c0\"}}");
    }

    @Test
    void rollbacksSayWhetherTheWatchAskedAndWhy() {
        String manual = json(CommandResult.ok("r3", "rollback", 5, new Replies.RolledBack(MODEL_KEYS, OLD, NEW, false,
                null)));
        assertThat(manual).endsWith("\"automatic\":false}").doesNotContain("reason");
        String automatic = json(CommandResult.ok("r4", "rollback", 5,
                new Replies.RolledBack(MODEL_KEYS, OLD, NEW, true, "error rate 8.5 %")));
        assertThat(automatic).endsWith("\"automatic\":true,\"reason\":\"error rate 8.5 %\"}");
        String failed = json(CommandResult.refused("r5", "rollback", 5, new CommandException("no_previous_version",
                "none"),
                new Replies.AutomaticRefused("main", true)));
        assertThat(failed).isEqualTo("{\"request_id\":\"r5\",\"command\":\"rollback\",\"ok\":false,\"ts_ms\":5,"
                + "\"error\":\"none\",\"code\":\"no_previous_version\",\"pipeline\":\"main\",\"automatic\":true}");
    }

    @Test
    void anInvalidConfigListsEveryErrorAndOtherRefusalsHaveNoList() {
        CommandException invalid = new CommandException("invalid_config", "invalid configuration (1 error)",
                List.of(new ConfigError("window.hop", "must be between 1 and 1048576, got 0")), null);
        assertThat(json(CommandResult.refused(null, "config", 5, invalid, null))).isEqualTo("{\"request_id\":null,"
                + "\"command\":\"config\",\"ok\":false,\"ts_ms\":5,\"error\":\"invalid configuration (1 error)\","
                + "\"code\":\"invalid_config\",\"errors\":[{\"path\":\"window.hop\",\"message\":\"must be between 1 and 1048576, got 0\"}]}");
        assertThat(json(CommandResult.refused("r6", "status", 5, new CommandException("busy", "later"), null)))
                .doesNotContain("errors");
    }
}
