package io.edgeinfer.capture;

import java.util.List;

/** Pulled items or their labelling sheet cannot make a dataset: every problem found, each naming its file and line. */
public final class CaptureDatasetException extends Exception {
    private final List<String> problems;

    public CaptureDatasetException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
