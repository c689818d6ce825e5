package io.edgeinfer.control.client;

import java.io.PrintStream;

/**
 * One line on the operator's terminal, rewritten in place while a rollout waits for its devices. Only
 * for a terminal: written to a file or a pipe, carriage returns and erase codes would be noise, so
 * the command passes {@link #OFF} there (and with {@code --json}).
 */
public final class LiveLine {
    /** Shows nothing. */
    public static final LiveLine OFF = new LiveLine(null);
    /** ANSI "erase to the end of the line": a shorter line leaves nothing of the longer one before it. */
    private static final String ERASE = "\033[K";

    private final PrintStream out;
    private boolean shown;

    private LiveLine(PrintStream out) {
        this.out = out;
    }

    /** A line on {@code terminal}, which must be one. */
    public static LiveLine on(PrintStream terminal) {
        return new LiveLine(terminal);
    }

    /** Replaces the line with {@code text}. */
    public synchronized void show(String text) {
        if (out == null) {
            return;
        }
        out.print("\r" + text + ERASE);
        out.flush();
        shown = true;
    }

    /** Erases the line, so that what is printed next starts on a clean one. */
    public synchronized void clear() {
        if (out == null || !shown) {
            return;
        }
        out.print("\r" + ERASE);
        out.flush();
        shown = false;
    }
}
