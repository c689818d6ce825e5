package io.edgeinfer.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestIdTest {
    private static String peek(String json) {
        return RequestId.peek(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theTopLevelIdIsFoundPastNestedMembersThatCarryOneToo() {
        assertThat(peek("{\"patch\": {\"request_id\": \"inner\", \"x\": [1, {\"a\": 2}]}, \"request_id\": \"r-7\"}"))
                .isEqualTo("r-7");
    }

    @Test
    void noIdAnInvalidOneOrNoObjectGiveNull() {
        assertThat(peek("{\"name\": \"x\"}")).isNull();
        assertThat(peek("{\"request_id\": \"has space\"}")).isNull();
        assertThat(peek("{\"request_id\": 42}")).isNull();
        assertThat(peek("[\"request_id\", \"r\"]")).isNull();
        assertThat(peek("{\"request_id\": \"r-1\", ")).as("read before the break").isEqualTo("r-1");
        assertThat(peek("not json")).isNull();
    }
}
