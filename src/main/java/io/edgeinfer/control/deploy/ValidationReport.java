package io.edgeinfer.control.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the validation of a new model measured (the {@code validation} member of a {@code model}
 * answer), and the figures its health watch later holds it to.
 *
 * @param golden golden samples and how many it labelled right; absent when there were none
 */
public record ValidationReport(double loadMs, double p50Ms, double p99Ms,
        @JsonInclude(JsonInclude.Include.NON_NULL) Golden golden) {

    public record Golden(int total, int correct) {
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
