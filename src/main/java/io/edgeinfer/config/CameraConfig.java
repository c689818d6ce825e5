package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A camera delivering MJPEG on the standard output of a command ({@code rpicam-vid --codec mjpeg
 * -o -} on a Pi, or ffmpeg reading a V4L2 device). One window per frame.
 *
 * @param command the program and its arguments; {@code {device}} is replaced by {@code device};
 *     {@code {fps}} and {@code {config_dir}} were replaced when the config was read
 * @param device the video device the command opens (checked at start), or null (CSI cameras)
 * @param fps the frame rate the command is set up for (fills {@code {fps}}; sets the stall default)
 * @param stallTimeoutS a running process that sends no complete frame for this long is stalled: it
 *     is killed and restarted (the first frame after a start gets a warm-up grace on top)
 * @param image resize, crop and normalisation into the model's input
 * @param trigger optional GPIO gate or trigger (e.g. one frame per part on a conveyor), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CameraConfig(List<String> command, Path device, double fps, double stallTimeoutS, ImageConfig image,
        GpioTriggerConfig trigger) implements SourceConfig {
    public static final String TYPE = "camera";

    public CameraConfig {
        command = List.copyOf(command);
    }

    /** The command with {@code {device}} filled in. */
    public List<String> resolvedCommand() {
        String dev = device == null ? "" : device.toString();
        return command.stream().map(a -> a.replace("{device}", dev)).toList();
    }

    @Override
    public double rateHz() {
        return fps;
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public int[] inputDims(WindowConfig window) {
        return new int[]{3, image.height(), image.width()};
    }

    @Override
    public String inputDimsFrom() {
        return "3 x source.image.height x source.image.width";
    }

    @Override
    public List<Path> deviceNodes() {
        List<Path> nodes = new ArrayList<>();
        if (device != null) {
            nodes.add(device);
        }
        if (trigger != null) {
            nodes.add(trigger.chip());
        }
        return List.copyOf(nodes);
    }
}
