package io.edgeinfer.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SignalsTest {
    private static final DeviceView.Input ONE = new DeviceView.Input("signal", "csv-replay", "recording", 1000, 5000,
            100,
            List.of("v"), "V", null, null);

    private static Observation window(int[] dims, float[] data) {
        return new Observation(1, 7, 0, "a", 1, Map.of("a", 1.0), dims, data, Set.of(), null, 0, 0, "m", "1", "a"
                .repeat(64));
    }

    @Test
    void aLongWindowIsThinnedKeepingItsPeaks() {
        float[] data = new float[5000];
        data[2345] = -9.87654f;
        data[4999] = 0.5f;
        ObjectNode s = Signals.signal(Documents.mapper(), window(new int[]{1, 5000}, data), ONE);
        assertThat(s.get("step").asInt()).isEqualTo(5);
        assertThat(s.get("values").get(0)).hasSize(1000);
        assertThat(s.get("values").get(0).get(469).floatValue()).isEqualTo(-9.877f);
        assertThat(s.get("values").get(0).get(999).floatValue()).isEqualTo(0.5f);
        assertThat(s.get("channels").toString()).isEqualTo("[\"v\"]");
    }

    @Test
    void aFrameIsDrawnAsTheModelSawItWithItsNormalisationUndone() throws Exception {
        DeviceView.Input camera = new DeviceView.Input("image", "camera", "camera", 10, 4, 1, List.of("red", "green",
                "blue"),
                null, new double[]{0.5, 0.5, 0.5}, new double[]{0.25, 0.25, 0.25});
        float[] data = new float[3 * 2 * 2];
        data[0] = 2f; // red of the top-left pixel: (2 * 0.25 + 0.5) * 255 = 255
        data[4 + 3] = -2f; // green of the bottom-right: 0
        byte[] png = Signals.png(window(new int[]{3, 2, 2}, data), camera);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img.getWidth()).isEqualTo(2);
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF8080);
        assertThat(img.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x800080);
    }
}
