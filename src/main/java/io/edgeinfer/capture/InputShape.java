package io.edgeinfer.capture;

import io.edgeinfer.config.Adxl345Config;
import io.edgeinfer.config.CameraConfig;
import io.edgeinfer.config.CsvReplayConfig;
import io.edgeinfer.config.ImageConfig;
import io.edgeinfer.config.ImageDirConfig;
import io.edgeinfer.config.Mcp3008Config;
import io.edgeinfer.config.Mpu6050Config;
import io.edgeinfer.config.SourceConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pipeline's windows are, as a kept item describes them: the channel names of a sample
 * stream (the CSV columns at home are named after them: {@code x_0 .. x_255}), or the image settings
 * that turn a normalised frame back into a picture.
 *
 * @param channels one name per channel (no {@code _}: the column prefix must stay one word); null for images
 * @param image the source's image settings, or null for a sample stream
 */
record InputShape(List<String> channels, ImageConfig image) {

    static InputShape of(SourceConfig s) {
        if (s instanceof CameraConfig c) {
            return new InputShape(null, c.image());
        }
        if (s instanceof ImageDirConfig d) {
            return new InputShape(null, d.image());
        }
        List<String> names;
        if (s instanceof Adxl345Config a) {
            names = a.axes();
        } else if (s instanceof Mpu6050Config m) {
            names = m.axes();
        } else if (s instanceof Mcp3008Config m) {
            names = m.inputs().stream().map(i -> "ch" + i).toList();
        } else if (s instanceof CsvReplayConfig c) {
            names = c.columns();
        } else {
            names = List.of("x", "y", "z");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.channels(); i++) {
            out.add(i < names.size() ? names.get(i).replace('_', '-').replace(',', '-') : "c" + i);
        }
        return new InputShape(List.copyOf(out), null);
    }
}
