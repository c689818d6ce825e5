package io.edgeinfer.control.fleet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One stage of a rollout: what its members do with the candidate ({@code shadow}: run it beside the
 * serving model and report; {@code serve}: swap it in) and which share of the group they are.
 *
 * @param percent 0 < percent <= 100
 */
public record Stage(Kind kind, double percent) {

    /** What the members of a stage do. */
    public enum Kind {
        SHADOW, SERVE;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Kind of(String s) {
            for (Kind k : values()) {
                if (k.wire().equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("'" + s + "' is not shadow or serve");
        }
    }

    /** {@code shadow:5%}. */
    @Override
    public String toString() {
        String p = percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
        return kind.wire() + ":" + p + "%";
    }

    /**
     * Reads {@code shadow:5%,serve:5%,serve:25%,serve:100%}: a shadow stage may only come before
     * the serve stages, percentages never shrink within a kind, and the last stage serves 100 %.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static List<Stage> parseList(String text) {
        List<Stage> out = new ArrayList<>();
        for (String part : text.split(",")) {
            out.add(parse(part.trim()));
        }
        for (int i = 1; i < out.size(); i++) {
            Stage a = out.get(i - 1);
            Stage b = out.get(i);
            if (a.kind == Kind.SERVE && b.kind == Kind.SHADOW) {
                throw new IllegalArgumentException("stage " + b
                        + " comes after a serve stage: shadow stages come first");
            }
            if (a.kind == b.kind && b.percent < a.percent) {
                throw new IllegalArgumentException("stage " + b + " is smaller than " + a + ": a stage only grows");
            }
        }
        Stage last = out.get(out.size() - 1);
        if (last.kind != Kind.SERVE || last.percent < 100) {
            throw new IllegalArgumentException("the last stage is " + last + ": a rollout ends with serve:100%");
        }
        return List.copyOf(out);
    }

    static Stage parse(String part) {
        int colon = part.indexOf(':');
        if (colon < 0 || !part.endsWith("%")) {
            throw new IllegalArgumentException("stage '" + part
                    + "' is not KIND:PERCENT%, e.g. shadow:5% or serve:25%");
        }
        Kind kind = Kind.of(part.substring(0, colon));
        double pct;
        try {
            pct = Double.parseDouble(part.substring(colon + 1, part.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stage '" + part + "': the percentage is not a number");
        }
        if (!(pct > 0 && pct <= 100)) {
            throw new IllegalArgumentException("stage '" + part + "': the percentage must be above 0 and at most 100");
        }
        return new Stage(kind, pct);
    }
}
