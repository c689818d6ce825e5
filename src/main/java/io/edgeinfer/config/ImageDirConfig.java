package io.edgeinfer.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;

/**
 * Images dropped into a directory, each classified once (batch jobs, tests).
 *
 * @param path the directory watched
 * @param doneDir where a file moves once it has been read, or null to leave it in place
 * @param settleMs a file is read once it has not changed for this long (it may still be written)
 * @param image resize, crop and normalisation into the model's input
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageDirConfig(Path path, Path doneDir, double settleMs, ImageConfig image) implements SourceConfig {
    public static final String TYPE = "image-dir";

    /** Images arrive when they arrive: there is no nominal rate. */
    @Override
    public double rateHz() {
        return 0;
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
}
