package io.edgeinfer.sensor;

import io.edgeinfer.config.PipelineSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Whether the inputs work, and if not, why. A component (a sensor, a camera process) reports
 * itself degraded with a reason while it does not deliver and ok once it does again; the overall
 * state is degraded while any component is. Listeners hear every change of the overall state or
 * its reason (the daemon republishes its status), never a repeat.
 */
public final class Health implements MeterBinder {
    /** The component the serving model reports as (control's serving monitor): not an input. */
    public static final String MODEL = "model";

    private final Map<String, String> problems = new LinkedHashMap<>();
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private State state = State.OK;
    private final String pipeline;

    /** The health of the one pipeline of a single-pipeline daemon. */
    public Health() {
        this(PipelineSpec.DEFAULT_ID);
    }

    /** @param pipeline the pipeline whose inputs (and model) this tracks: its meter's {@code pipeline} tag */
    public Health(String pipeline) {
        this.pipeline = pipeline;
    }

    /** The overall state: {@code ok}, or {@code degraded} with every component's reason. */
    public record State(boolean degraded, String reason) {
        public static final State OK = new State(false, null);

        /** {@code ok} or {@code degraded}, as published. */
        public String key() {
            return degraded ? "degraded" : "ok";
        }
    }

    /** {@code component} does not deliver, because of {@code reason} (say what to check). */
    public void degraded(String component, String reason) {
        update(component, reason);
    }

    /** {@code component} delivers again (or never had a problem). */
    public void ok(String component) {
        update(component, null);
    }

    private void update(String component, String reason) {
        State changed;
        synchronized (this) {
            if (reason == null) {
                problems.remove(component);
            } else {
                problems.put(component, reason);
            }
            State next = problems.isEmpty() ? State.OK : new State(true, String.join("; ", problems.values()));
            if (next.equals(state)) {
                return;
            }
            state = next;
            changed = next;
        }
        for (Consumer<State> l : listeners) {
            l.accept(changed);
        }
    }

    public synchronized State state() {
        return state;
    }

    /** Whether an input component (anything but the serving model) does not deliver. */
    public synchronized boolean inputDegraded() {
        return problems.keySet().stream().anyMatch(c -> !c.equals(MODEL));
    }

    /** Called on the reporting thread after each change; keep it short. */
    public void onChange(Consumer<State> listener) {
        listeners.add(listener);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("edgeinfer.health.degraded", this, h -> h.state().degraded() ? 1 : 0)
                .description(
                        "1 while an input or the serving model is degraded (see the status topic for the reason), else 0")
                .tag("pipeline", pipeline)
                .register(registry);
    }
}
