package io.edgeinfer.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The one JSON encoding of every payload: snake_case keys from record components. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().setPropertyNamingStrategy(
            PropertyNamingStrategies.SNAKE_CASE);

    private Json() {
    }

    public static byte[] encode(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("payload cannot be encoded: " + payload.getClass().getSimpleName(), e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The same JSON object with {@code "replayed":true} as its last member. Works on the bytes:
     * every stored payload is a JSON object written by {@link #encode}.
     */
    public static byte[] withReplayedFlag(byte[] object) {
        int end = object.length - 1;
        while (end > 0 && object[end] != '}') {
            end--;
        }
        byte[] flag = ",\"replayed\":true}".getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(object, end + flag.length);
        System.arraycopy(flag, 0, out, end, flag.length);
        return out;
    }
}
