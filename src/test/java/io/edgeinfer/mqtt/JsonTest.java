package io.edgeinfer.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void replayedFlagIsAddedAsAMemberAndTheRestIsUntouched() throws Exception {
        byte[] doc = Json.encode(Map.of("seq", 7, "label", "x"));
        JsonNode n = Json.mapper().readTree(Json.withReplayedFlag(doc));
        assertThat(n.get("replayed").asBoolean()).isTrue();
        assertThat(n.get("seq").asInt()).isEqualTo(7);
        assertThat(n.get("label").asText()).isEqualTo("x");
        assertThat(n.size()).isEqualTo(3);
    }
}
