package io.edgeinfer.capture;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgeinfer.data.Sha256;
import io.edgeinfer.mqtt.Json;
import io.edgeinfer.mqtt.ModelRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One kept window as it lies on disk, travels over MQTT and HTTPS, and is read at home: the input
 * itself (the window as little-endian float32, or the camera frame as JPEG), when it was taken, what
 * the model said with every score, which model said it, and why it was kept. One JSON file per item
 * (format {@value #FORMAT}, docs/capture.md); the input carries its own sha256, so a damaged file
 * is told from a good one even when it still parses.
 *
 * @param id {@code <ts_ms>-<8 hex>}: sorts by time, unique per store
 * @param seq the prediction's {@code seq} in its boot (with {@code bootId} it finds the published prediction)
 * @param prediction the classifier's answer; null (written as null) for a pipeline without a classifier
 * @param model the classifier that answered; null (written as null) for a pipeline without a classifier
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaptureItem(String format, String id, String deviceId, String pipeline, String bootId, long seq,
        long tsMs,
        long windowStartMs, List<Reason> reasons, @JsonInclude(JsonInclude.Include.ALWAYS) Answer prediction,
        @JsonInclude(JsonInclude.Include.ALWAYS) ModelRef model, List<String> flags, String origin, Input input) {
    public static final String FORMAT = "edgeinfer-capture/1";
    /** What an item id looks like: also what keeps a crafted id from naming a path. */
    public static final Pattern ID = Pattern.compile("[0-9]{13}-[0-9a-f]{8}");

    public CaptureItem {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /** Why it was kept, with what the reason saw (a shadow model's answer, an anomaly score). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Reason(String reason, Map<String, Object> detail) {
    }

    /** The model's answer: its label, the top score, the gap to the second, and every score in label order. */
    public record Answer(String label, double confidence, double margin, Map<String, Double> scores) {
    }

    /**
     * The model input.
     *
     * @param kind {@code window} (samples, shape [channels, size]) or {@code image} (shape [3, height, width])
     * @param channels the source's channel names (windows only)
     * @param encoding {@code f32le} (the values as the model saw them) or {@code jpeg} (the frame the
     *     model saw, its normalisation undone)
     * @param sha256 of the decoded bytes of {@code data}
     * @param data base64
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Input(String kind, List<Integer> shape, List<String> channels, String encoding, String sha256,
            String data) {

        public static Input window(int[] dims, List<String> channels, float[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                b.putFloat(v);
            }
            return of("window", dims, channels, "f32le", b.array());
        }

        public static Input image(int[] dims, byte[] jpeg) {
            return of("image", dims, null, "jpeg", jpeg);
        }

        private static Input of(String kind, int[] dims, List<String> channels, String encoding, byte[] bytes) {
            return new Input(kind, Arrays.stream(dims).boxed().toList(), channels, encoding, Sha256.hex(bytes),
                    Base64.getEncoder().encodeToString(bytes));
        }

        /** The decoded bytes. */
        public byte[] bytes() {
            return Base64.getDecoder().decode(data);
        }

        /** The window's values, channel by channel. */
        public float[] floats() {
            ByteBuffer b = ByteBuffer.wrap(bytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        }

        @JsonIgnore
        public boolean isImage() {
            return "image".equals(kind);
        }
    }

    public byte[] encode() {
        return Json.encode(this);
    }

    /** The labels' names (the keys of the scores, in the model's order); none without a classifier. */
    public List<String> labels() {
        return prediction == null ? List.of() : List.copyOf(prediction.scores().keySet());
    }

    /** The classifier's label, or null for an item of a pipeline without one. */
    @JsonIgnore
    public String guess() {
        return prediction == null ? null : prediction.label();
    }

    /** The names of the reasons, joined by {@code +} (a column of the labelling sheet). */
    public String reasonNames() {
        return String.join("+", reasons.stream().map(Reason::reason).toList());
    }

    /**
     * Reads and checks an item: it must parse, be of this format, name itself {@code expectedId} (null:
     * any), and its input must decode to the digest it carries with as many values as its shape says.
     *
     * @throws DamagedItemException saying what is wrong, never what is in it
     */
    public static CaptureItem read(byte[] bytes, String expectedId) throws DamagedItemException {
        CaptureItem item;
        try {
            item = Json.mapper().readValue(bytes, CaptureItem.class);
        } catch (IOException e) {
            throw new DamagedItemException("not a capture item (" + firstLine(e.getMessage()) + ")");
        }
        if (!FORMAT.equals(item.format())) {
            throw new DamagedItemException("format is '" + item.format() + "', not " + FORMAT);
        }
        if (item.id() == null || !ID.matcher(item.id()).matches() || (expectedId != null && !expectedId.equals(item
                .id()))) {
            throw new DamagedItemException("names itself '" + item.id() + "'" + (expectedId == null
                    ? ""
                    : ", not " + expectedId));
        }
        if (item.input() == null || item.input().data() == null || item.input().shape() == null) {
            throw new DamagedItemException("input missing");
        }
        // A pipeline without a classifier keeps items with neither; one without the other is damaged.
        if ((item.prediction() == null) != (item.model() == null)
                || (item.prediction() != null && item.prediction().scores() == null)) {
            throw new DamagedItemException("prediction or model missing (an item has both, or neither when its"
                    + " pipeline has no classifier)");
        }
        checkInput(item.input());
        return item;
    }

    private static void checkInput(Input in) throws DamagedItemException {
        byte[] raw;
        try {
            raw = in.bytes();
        } catch (IllegalArgumentException e) {
            throw new DamagedItemException("input is not base64");
        }
        if (!Sha256.hex(raw).equals(in.sha256())) {
            throw new DamagedItemException("input does not match its sha256 (the file changed after it was written)");
        }
        long values = in.shape().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
        if ("f32le".equals(in.encoding()) && raw.length != values * 4) {
            throw new DamagedItemException("input holds " + raw.length / 4 + " values, its shape " + in.shape()
                    + " says " + values);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl > 0 ? s.substring(0, nl) : s;
    }
}
