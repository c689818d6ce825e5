package io.edgeinfer.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.control.Reply;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.outbox.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cmd/capture}: list, fetch in chunks, delete; and every refusal says what is wrong. */
class CaptureCommandsTest {
    @TempDir
    Path dir;

    private PipelineCapture capture;
    private CaptureCommands commands;

    @BeforeEach
    void threeItems() {
        capture = Captures.of(dir, new ManualClock(Predictions.T0_MS), Map.of("min_confidence", 0.8));
        capture.start();
        for (int i = 0; i < 3; i++) {
            capture.observer().inferred(Predictions.of(i, 0.5, 0.5, 0, 0));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.stats().figures().items() == 3);
        commands = new CaptureCommands(Map.of("main", capture), List.of("main", "other"));
    }

    @AfterEach
    void close() {
        capture.close();
    }

    private Reply run(String json) throws CommandException {
        try {
            return commands.handle(new CommandBody(Json.mapper().readTree(json)), "r-1");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String code(String json) {
        try {
            run(json);
        } catch (CommandException e) {
            return e.code() + ": " + e.getMessage();
        }
        throw new AssertionError("expected a refusal of " + json);
    }

    @Test
    void listPagesThroughTheItemsOldestFirst() throws Exception {
        var first = (CaptureCommands.ListReply) run("{\"action\":\"list\",\"pipeline\":\"main\",\"limit\":2}");
        assertThat(first.items()).hasSize(2);
        assertThat(first.more()).isTrue();
        assertThat(first.totalItems()).isEqualTo(3);
        var rest = (CaptureCommands.ListReply) run("{\"action\":\"list\",\"pipeline\":\"main\",\"after\":\""
                + first.items().get(1).id() + "\"}");
        assertThat(rest.items()).hasSize(1);
        assertThat(rest.more()).isFalse();
        assertThat(rest.items().get(0).tsMs()).isEqualTo(Predictions.T0_MS + 2000);
    }

    @Test
    void fetchInChunksGivesTheItemBackByteForByteThenDeleteRemovesIt() throws Exception {
        var list = (CaptureCommands.ListReply) run("{\"action\":\"list\",\"pipeline\":\"main\"}");
        String id = list.items().get(0).id();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        var c0 = (CaptureCommands.FetchReply) run("{\"action\":\"fetch\",\"pipeline\":\"main\",\"id\":\"" + id
                + "\",\"chunk_bytes\":256}");
        assertThat(c0.total()).isGreaterThan(1);
        for (int i = 0; i < c0.total(); i++) {
            var c = (CaptureCommands.FetchReply) run("{\"action\":\"fetch\",\"pipeline\":\"main\",\"id\":\"" + id
                    + "\",\"chunk_bytes\":256,\"index\":" + i + "}");
            got.write(Base64.getDecoder().decode(c.data()));
        }
        assertThat(Sha256.hex(got.toByteArray())).isEqualTo(c0.sha256());
        assertThat(CaptureItem.read(got.toByteArray(), id).seq()).isZero();
        var del = (CaptureCommands.DeleteReply) run("{\"action\":\"delete\",\"pipeline\":\"main\",\"ids\":[\"" + id
                + "\",\"0000000000000-00000000\"]}");
        assertThat(del.deleted()).containsExactly(id);
        assertThat(del.missing()).containsExactly("0000000000000-00000000");
        assertThat(code("{\"action\":\"fetch\",\"pipeline\":\"main\",\"id\":\"" + id + "\"}")).startsWith(
                "not_found: ");
    }

    @Test
    void aDamagedItemIsRefusedRemovedAndCounted() throws Exception {
        var list = (CaptureCommands.ListReply) run("{\"action\":\"list\",\"pipeline\":\"main\"}");
        String id = list.items().get(1).id();
        Path file = dir.resolve("items").resolve(id + ".json");
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, b.length - 40));
        assertThat(code("{\"action\":\"fetch\",\"pipeline\":\"main\",\"id\":\"" + id + "\"}"))
                .startsWith("damaged: item " + id + " is damaged on disk (not a capture item");
        assertThat(file).doesNotExist();
        assertThat(capture.stats().figures().damagedTotal()).isEqualTo(1);
        assertThat(capture.stats().figures().items()).isEqualTo(2);
        assertThat(capture.stats().state().damagedTotal()).isEqualTo(1);
    }

    @Test
    void refusalsNameWhatIsWrong() {
        assertThat(code("{\"action\":\"list\"}")).startsWith("pipeline_required: ");
        assertThat(code("{\"action\":\"list\",\"pipeline\":\"other\"}"))
                .isEqualTo("not_enabled: pipeline other does not capture (capture.enabled is false)");
        assertThat(code("{\"action\":\"shred\",\"pipeline\":\"main\"}")).startsWith(
                "bad_request: action must be list, fetch or delete");
        assertThat(code("{\"action\":\"fetch\",\"pipeline\":\"main\",\"id\":\"../../etc/passwd\"}"))
                .startsWith("bad_request: id must be an item id");
        assertThat(code("{\"action\":\"delete\",\"pipeline\":\"main\",\"ids\":[]}")).startsWith(
                "bad_request: ids must be a list");
        assertThat(code("{\"action\":\"list\",\"pipeline\":\"main\",\"limt\":3}")).isEqualTo(
                "bad_request: unknown field [limt]");
        ObjectNode unused = Json.mapper().createObjectNode();
        assertThat(unused).isEmpty();
        assertThatThrownBy(() -> run(
                "{\"action\":\"fetch\",\"pipeline\":\"main\",\"id\":\"0000000000000-00000000\",\"index\":-1}"))
                .isInstanceOf(CommandException.class);
    }
}
