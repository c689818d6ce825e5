package io.edgeinfer.control.fleet;

import io.edgeinfer.control.fleet.DeviceReport.Millis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The condition a device must meet for its stage to count as passed (docs/fleet.md, "Gate"): terms
 * {@code METRIC OP VALUE} joined by commas, all of which must hold, e.g.
 * {@code agreement>=0.97,p99_ms<=2x,errors==0}. {@code VALUE} is a number, or {@code Nx}: N times
 * the serving model's own figure on the same device (for latencies and energy). A term applies to
 * the stages that measure its metric (agreement only in shadow); a term whose figure the device
 * could not measure fails, since a gate that cannot look must not open.
 */
public final class Gate {
    private static final Pattern TERM = Pattern.compile(
            "\\s*([a-z0-9_]+)\\s*(>=|<=|==|!=|>|<)\\s*([0-9]+(?:\\.[0-9]+)?)(x?)\\s*");

    private final String text;
    private final List<Term> terms;

    /** A figure a gate can test. */
    enum Metric {
        AGREEMENT("agreement", EnumSet.of(Stage.Kind.SHADOW), s -> s.agreement(), null, null, null), P50_MS("p50_ms",
                EnumSet.allOf(Stage.Kind.class), s -> p50(s.candidateMs()), s -> p50(s.servingMs()),
                s -> p50(s.candidateMs()), s -> p50(s.baselineMs())), P99_MS("p99_ms", EnumSet.allOf(Stage.Kind.class),
                        s -> p99(s.candidateMs()), s -> p99(s.servingMs()),
                        s -> p99(s.candidateMs()), s -> p99(s.baselineMs())), ERRORS("errors", EnumSet.allOf(
                                Stage.Kind.class), s -> (double) s.errors(), null, s -> (double) s.errors(),
                                null), NON_FINITE("non_finite", EnumSet.of(Stage.Kind.SHADOW), s -> (double) s
                                        .nonFinite(), null, null, null), ENERGY_MJ("energy_mj", EnumSet.allOf(
                                                Stage.Kind.class), s -> s.energyMj(), s -> s.servingEnergyMj(),
                                                s -> s.energyMj(), s -> s.baselineEnergyMj()), GOLDEN("golden", EnumSet
                                                        .allOf(Stage.Kind.class), s -> accuracy(s.golden()), null,
                                                        s -> accuracy(s.golden()), null), WINDOWS("windows", EnumSet
                                                                .allOf(Stage.Kind.class), s -> (double) s.windows(),
                                                                null, s -> (double) s.windows(), null), DROPPED(
                                                                        "dropped", EnumSet.of(Stage.Kind.SHADOW),
                                                                        s -> (double) s.dropped(), null, null, null);

        final String name;
        final Set<Stage.Kind> stages;
        final Function<DeviceReport.ShadowFigures, Double> shadow;
        final Function<DeviceReport.ShadowFigures, Double> shadowReference;
        final Function<DeviceReport.ServeFigures, Double> serve;
        final Function<DeviceReport.ServeFigures, Double> serveReference;

        Metric(String name, Set<Stage.Kind> stages, Function<DeviceReport.ShadowFigures, Double> shadow,
                Function<DeviceReport.ShadowFigures, Double> shadowReference,
                Function<DeviceReport.ServeFigures, Double> serve,
                Function<DeviceReport.ServeFigures, Double> serveReference) {
            this.name = name;
            this.stages = stages;
            this.shadow = shadow;
            this.shadowReference = shadowReference;
            this.serve = serve;
            this.serveReference = serveReference;
        }

        boolean relativeAllowed() {
            return shadowReference != null;
        }

        static Metric named(String n) {
            for (Metric m : values()) {
                if (m.name.equals(n)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown metric '" + n + "'; metrics: "
                    + String.join(", ", Arrays.stream(values()).map(m -> m.name).toList()));
        }
    }

    /** One comparison. */
    record Term(Metric metric, String op, double value, boolean relative, String text) {
    }

    private Gate(String text, List<Term> terms) {
        this.text = text;
        this.terms = List.copyOf(terms);
    }

    /**
     * @throws IllegalArgumentException naming the term that is wrong and why
     */
    public static Gate parse(String text) {
        List<Term> terms = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new Gate("", terms);
        }
        for (String part : text.split(",")) {
            Matcher m = TERM.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("gate term '" + part.trim()
                        + "' is not METRIC OP VALUE (e.g. agreement>=0.97, "
                        + "p99_ms<=2x, errors==0; OP one of >= <= == != > <)");
            }
            Metric metric;
            try {
                metric = Metric.named(m.group(1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("gate term '" + part.trim() + "': " + e.getMessage(), e);
            }
            boolean relative = !m.group(4).isEmpty();
            if (relative && !metric.relativeAllowed()) {
                throw new IllegalArgumentException("gate term '" + part.trim() + "': " + metric.name
                        + " has no serving-model figure to be a multiple of (Nx works for p50_ms, p99_ms, energy_mj)");
            }
            terms.add(new Term(metric, m.group(2), Double.parseDouble(m.group(3)), relative, part.trim()));
        }
        return new Gate(text.trim(), terms);
    }

    /** Whether any term tests {@code metric} (e.g. {@code golden}, which needs golden samples). */
    public boolean uses(String metric) {
        return terms.stream().anyMatch(t -> t.metric().name.equals(metric));
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * What a device's report fails of the gate at a stage of {@code kind}: one line per failed term,
     * or the failed state itself; empty when it passes. Call with a terminal report of that stage.
     */
    public List<String> failures(DeviceReport r, Stage.Kind kind) {
        if (r.state() != null && r.state().failure()) {
            return List.of(r.state().wire() + (r.code() != null ? " (" + r.code() + ")" : "")
                    + (r.reason() != null ? ": " + r.reason() : ""));
        }
        return failures(r.shadow(), r.serve(), kind);
    }

    /**
     * What the figures of a stage of {@code kind} fail of the gate, one line per failed term; empty
     * when they pass. The device judges its own figures with it before it reports a stage done.
     */
    public List<String> failures(DeviceReport.ShadowFigures shadow, DeviceReport.ServeFigures serve, Stage.Kind kind) {
        List<String> out = new ArrayList<>();
        for (Term t : terms) {
            if (!t.metric().stages.contains(kind)) {
                continue;
            }
            String f = failure(t, shadow, serve, kind);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    private static String failure(Term t, DeviceReport.ShadowFigures shadow, DeviceReport.ServeFigures serve,
            Stage.Kind kind) {
        Double value;
        Double reference;
        if (kind == Stage.Kind.SHADOW) {
            if (shadow == null) {
                return t.text() + ": no shadow figures";
            }
            value = t.metric().shadow.apply(shadow);
            reference = t.relative() ? t.metric().shadowReference.apply(shadow) : null;
        } else {
            if (serve == null) {
                return t.text() + ": no serving figures";
            }
            value = t.metric().serve.apply(serve);
            reference = t.relative() ? t.metric().serveReference.apply(serve) : null;
        }
        if (value == null || (t.relative() && reference == null)) {
            return t.text() + ": not measured on this device" + (t.metric() == Metric.ENERGY_MJ
                    ? " (no power meter)"
                    : "");
        }
        double limit = t.relative() ? t.value() * reference : t.value();
        if (holds(value, t.op(), limit)) {
            return null;
        }
        return String.format(Locale.ROOT, "%s %s, not %s %s%s", t.metric().name, fmt(value), t.op(), fmt(limit),
                t.relative() ? " (" + fmt(t.value()) + "x " + fmt(reference) + ")" : "");
    }

    static boolean holds(double v, String op, double limit) {
        return switch (op) {
            case ">=" -> v >= limit;
            case "<=" -> v <= limit;
            case ">" -> v > limit;
            case "<" -> v < limit;
            case "==" -> v == limit;
            case "!=" -> v != limit;
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.4g", v);
    }

    private static Double p50(Millis m) {
        return m == null ? null : m.p50();
    }

    private static Double p99(Millis m) {
        return m == null ? null : m.p99();
    }

    private static Double accuracy(DeviceReport.Golden g) {
        return g == null || g.total() == 0 ? null : (double) g.correct() / g.total();
    }
}
