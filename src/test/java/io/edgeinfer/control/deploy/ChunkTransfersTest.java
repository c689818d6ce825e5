package io.edgeinfer.control.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeinfer.config.ControlConfig;
import io.edgeinfer.control.CommandBody;
import io.edgeinfer.control.CommandException;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.outbox.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkTransfersTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private ControlConfig current;
    private final ChunkTransfers transfers = new ChunkTransfers(() -> current, clock);

    private ControlConfig config(long maxBytes) {
        ControlConfig d = ControlConfig.off(dir, dir);
        return new ControlConfig(true, List.of(), dir, dir, maxBytes, d.maxCommandBytes(), 3, 300, 120, false, d
                .https(),
                d.validation(), d.rollback());
    }

    private static CommandBody chunk(String id, int index, int total, byte[] data) {
        ObjectNode n = Json.mapper().createObjectNode().put("request_id", "r").put("transfer_id", id).put("index",
                index)
                .put("total", total).put("data", Base64.getEncoder().encodeToString(data));
        return new CommandBody(n);
    }

    private static String code(ThrowingRunnable r) {
        try {
            r.run();
        } catch (CommandException e) {
            return e.code();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no CommandException");
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void chunksInAnyOrderAssembleToTheOriginalBytes() throws Exception {
        byte[] model = new byte[10_000];
        new Random(1).nextBytes(model);
        ControlConfig c = config(1 << 20);
        current = c;
        int[] order = {2, 0, 3, 1};
        for (int i : order) {
            transfers.accept(chunk("t1", i, 4, Arrays.copyOfRange(model, i * 2500, (i + 1) * 2500)), "r");
        }
        Fetched f = transfers.take("t1", c);
        assertThat(Files.readAllBytes(f.file())).isEqualTo(model);
        assertThat(f.sha256()).isEqualTo(Sha256.hex(model));
        assertThat(f.file().getParent()).isEqualTo(dir.resolve("installed"));
        assertThat(transfers.pending()).isZero();
        assertThat(dir.resolve("installed").resolve(".transfer-t1")).doesNotExist();
    }

    @Test
    void aMissingChunkIsNamedAndTheTransferWaitsForIt() throws Exception {
        ControlConfig c = config(1 << 20);
        current = c;
        transfers.accept(chunk("t2", 0, 3, new byte[]{1}), "r");
        transfers.accept(chunk("t2", 2, 3, new byte[]{3}), "r");
        assertThatThrownBy(() -> transfers.take("t2", c)).hasMessageContaining("missing [1]");
        transfers.accept(chunk("t2", 1, 3, new byte[]{2}), "r");
        assertThat(Files.readAllBytes(transfers.take("t2", c).file())).containsExactly(1, 2, 3);
    }

    @Test
    void aDuplicateOrInconsistentChunkAbandonsTheTransfer() throws Exception {
        ControlConfig c = config(1 << 20);
        current = c;
        transfers.accept(chunk("t3", 0, 2, new byte[]{1}), "r");
        assertThat(code(() -> transfers.accept(chunk("t3", 0, 2, new byte[]{1}), "r"))).isEqualTo("chunk_duplicate");
        assertThat(code(() -> transfers.take("t3", c))).isEqualTo("transfer_unknown");
        transfers.accept(chunk("t4", 0, 2, new byte[]{1}), "r");
        assertThat(code(() -> transfers.accept(chunk("t4", 1, 3, new byte[]{1}), "r"))).isEqualTo("chunk_mismatch");
        assertThat(code(() -> transfers.accept(chunk("t5", 2, 2, new byte[]{1}), "r"))).isEqualTo("bad_request");
    }

    @Test
    void theSizeLimitAndTheTimeoutApply() throws Exception {
        ControlConfig c = config(1500);
        current = c;
        transfers.accept(chunk("big", 0, 2, new byte[1000]), "r");
        assertThat(code(() -> transfers.accept(chunk("big", 1, 2, new byte[1000]), "r"))).isEqualTo("too_large");
        transfers.accept(chunk("slow", 0, 2, new byte[10]), "r");
        clock.advance(121_000);
        assertThat(code(() -> transfers.take("slow", c))).isEqualTo("transfer_unknown");
        assertThat(Files.list(dir.resolve("installed")).toList()).isEmpty();
    }
}
