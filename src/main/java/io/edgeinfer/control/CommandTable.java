package io.edgeinfer.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What remote control does: the commands a device answers, by topic below {@code cmd/}, and the work
 * it does between them. A change (a model swap, a config push) runs on the control thread, one at a
 * time in arrival order, as do the periodic checks (the health watch may roll a model back). A query
 * ({@code status}) and a monitor only read, so they run on their own thread and go on while a change
 * takes long (a model validating). Filled in by the composition root before the service starts.
 */
public final class CommandTable {
    private final Map<String, CommandHandler> changes = new LinkedHashMap<>();
    private final Map<String, CommandHandler> queries = new LinkedHashMap<>();
    private final Map<String, CommandHandler> local = new LinkedHashMap<>();
    private final List<Periodic> periodic = new ArrayList<>();
    private final List<Runnable> monitors = new ArrayList<>();
    private final List<AutoCloseable> closeFirst = new ArrayList<>();

    public CommandTable change(String name, CommandHandler handler) {
        changes.put(name, handler);
        return this;
    }

    public CommandTable query(String name, CommandHandler handler) {
        queries.put(name, handler);
        return this;
    }

    /**
     * A change that only the device page asks for (it has no MQTT topic): run like the other
     * changes, on the control thread.
     */
    public CommandTable local(String name, CommandHandler handler) {
        local.put(name, handler);
        return this;
    }

    /** Every half second on the control thread. */
    public CommandTable periodic(Periodic p) {
        periodic.add(p);
        return this;
    }

    /** Every half second on the query thread: read-only checks that must not wait for a change. */
    public CommandTable monitor(Runnable m) {
        monitors.add(m);
        return this;
    }

    /** Closed when the service closes, before it waits for the command in progress (which this may cut short). */
    public CommandTable closeFirst(AutoCloseable c) {
        closeFirst.add(c);
        return this;
    }

    List<Periodic> periodic() {
        return List.copyOf(periodic);
    }

    List<Runnable> monitors() {
        return List.copyOf(monitors);
    }

    List<AutoCloseable> closeFirst() {
        return List.copyOf(closeFirst);
    }

    boolean isQuery(String name) {
        return queries.containsKey(name);
    }

    /** The handler for {@code name}, or null. */
    CommandHandler find(String name) {
        CommandHandler h = changes.get(name);
        return h != null ? h : queries.get(name);
    }

    /** The handler for a command the device page asks for: any command, or a local-only one; or null. */
    CommandHandler findLocal(String name) {
        CommandHandler h = find(name);
        return h != null ? h : local.get(name);
    }

    /** Every command name, for the answer to an unknown one. */
    String names() {
        Map<String, CommandHandler> all = new LinkedHashMap<>(changes);
        all.putAll(queries);
        return String.join(", ", all.keySet());
    }
}
