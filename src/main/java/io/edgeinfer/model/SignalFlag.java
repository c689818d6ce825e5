package io.edgeinfer.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Something wrong with a window's signal that the prediction should carry (docs/mqtt-api.md). */
public enum SignalFlag {
    /** A channel did not change at all over the window: a dead or disconnected sensor. */
    STUCK("stuck"),
    /** A value sat on the sensor's full-scale limit: the signal was clipped. */
    SATURATED("saturated"),
    /** A sample was NaN or infinite: a broken reading or recording. */
    NON_FINITE("non_finite"),
    /** The samples' timestamps span more than the window should: samples are missing inside it. */
    GAP("gap");

    private final String key;

    SignalFlag(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }
}
