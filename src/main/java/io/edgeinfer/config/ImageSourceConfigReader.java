package io.edgeinfer.config;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The keys of the image sources (camera, image-dir) and of their {@code image} preprocessing. */
final class ImageSourceConfigReader {
    /** rpicam-apps on Raspberry Pi OS bookworm; {fps} comes from source.fps. */
    static final List<String> DEFAULT_COMMAND = List.of("rpicam-vid", "-t", "0", "-n", "--codec", "mjpeg",
            "--width", "640", "--height", "480", "--framerate", "{fps}", "-o", "-");
    private static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);
    private static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

    private final SourceConfigReader sources;

    ImageSourceConfigReader(SourceConfigReader sources) {
        this.sources = sources;
    }

    CameraConfig camera(Section s) {
        List<String> command = s.stringList("command", DEFAULT_COMMAND);
        String dev = s.string("device", null);
        Path device = null;
        if (dev != null && !dev.startsWith("/")) {
            s.error("device", "must be an absolute path such as /dev/video0, got '" + dev + "'");
        } else if (dev != null) {
            device = Path.of(dev);
            sources.requireNode(s, "device", device, "is the camera connected? (ls /dev/video*)");
        }
        double fps = s.number("fps", 10, 0.1, 240);
        double stall = stallTimeout(s, fps);
        if (command.isEmpty()) {
            s.error("command", "needs at least the program to run");
        } else {
            checkExecutable(s, command.get(0).replace("{config_dir}", sources.baseDir().toString()));
        }
        ImageConfig image = image(s.section("image"));
        GpioTriggerConfig trigger = sources.trigger(s);
        String configDir = sources.baseDir().toString();
        List<String> withFps = command.stream()
                .map(a -> a.replace("{fps}", fmt(fps)).replace("{config_dir}", configDir))
                .toList();
        return new CameraConfig(withFps, device, fps, stall, image, trigger);
    }

    /** Default max(5 s, 10 frame periods); under 2 periods every gap between frames would be a stall. */
    private static double stallTimeout(Section s, double fps) {
        double stall = s.number("stall_timeout_s", Math.max(5, 10 / fps), 1, 3600);
        if (stall < 2 / fps) {
            s.error("stall_timeout_s", "must be at least 2 frame periods (2 / source.fps = " + fmt(Math.ceil(200 / fps)
                    / 100)
                    + " s), got " + fmt(stall));
        }
        return stall;
    }

    ImageDirConfig imageDir(Section s) {
        String p = s.requiredString("path");
        Path dir = p == null ? null : sources.baseDir().resolve(p).normalize();
        if (dir != null && !Files.isDirectory(dir)) {
            s.error("path", dir + " is not a directory");
        }
        String done = s.string("done_dir", null);
        Path doneDir = done == null || dir == null ? null : dir.resolve(done).normalize();
        if (doneDir != null && doneDir.equals(dir)) {
            s.error("done_dir", "must differ from path, or every file would be read again");
        }
        double settle = s.number("settle_ms", 200, 0, 60_000);
        ImageConfig image = image(s.section("image"));
        if (s.has("trigger")) {
            s.section("trigger");
            s.error("trigger", "is not available for image-dir: every file is read once as it arrives");
        }
        return dir == null ? null : new ImageDirConfig(dir, doneDir, settle, image);
    }

    private ImageConfig image(Section s) {
        int width = s.integer("width", 224, 8, 4096);
        int height = s.integer("height", 224, 8, 4096);
        int resize = s.integer("resize", Math.max(width, height), 8, 8192);
        if (resize < Math.max(width, height)) {
            s.error("resize", "must be at least max(width, height) = " + Math.max(width, height)
                    + " so the centre crop fits, got " + resize);
        }
        List<Double> mean = s.numberList("mean", IMAGENET_MEAN);
        List<Double> std = s.numberList("std", IMAGENET_STD);
        if (mean.size() != 3) {
            s.error("mean", "needs 3 values (R, G, B), got " + mean.size());
        }
        if (std.size() != 3) {
            s.error("std", "needs 3 values (R, G, B), got " + std.size());
        } else if (std.stream().anyMatch(v -> !(v > 0))) {
            s.error("std", "values must be greater than 0, got " + std);
        }
        s.rejectUnknown();
        return new ImageConfig(width, height, resize, mean, std);
    }

    private void checkExecutable(Section s, String program) {
        if (program.contains("/")) {
            Path p = sources.baseDir().resolve(program);
            if (!Files.isExecutable(p)) {
                s.error("command", "program " + p + " does not exist or is not executable");
            }
            return;
        }
        String path = sources.env().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        s.error("command", "program '" + program + "' not found on PATH"
                + ("rpicam-vid".equals(program) ? " (apt-get install -y rpicam-apps)" : ""));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
