package org.metalr.app;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code --parallel}'s local workers on the parent's console. Without a terminal every line
 * goes to the console with a {@code [worker i]} prefix, as it came. On a terminal a block of one line per
 * worker stays at the bottom of {@code live} (the worker's run, epoch and speed, from its epoch lines, or
 * its last other line), redrawn in place; a worker's other lines (a run's result, a warning) are printed
 * above the block and stay. Thread-safe: the workers' output pumps call {@link #line} at once. {@link #close}
 * it when the workers have ended (it removes the block).
 */
final class WorkerLines implements AutoCloseable {

    /** An epoch line of {@link Progress}: the run's label, the epoch, and at the end the speed. */
    private static final Pattern EPOCH = Pattern.compile(
            "^(.*?) ?epoch (\\d+/\\d+): iteration (\\d+),.*, (\\S+ (?:it/s|s/it))$");

    private final PrintWriter console;
    private final PrintStream live;
    private final String[] slots;
    private boolean drawn;

    /**
     * @param live the terminal's stream for the block, or null for prefixed lines on {@code console}
     */
    WorkerLines(int workers, PrintWriter console, PrintStream live) {
        this.console = console;
        this.live = live;
        this.slots = new String[workers];
        for (int i = 0; i < workers; i++) {
            slots[i] = slot(i, "starting");
        }
    }

    /** A line worker {@code worker} (from 0) printed. */
    synchronized void line(int worker, String line) {
        if (live == null) {
            console.println(prefix(worker) + line);
            console.flush();
            return;
        }
        Matcher m = EPOCH.matcher(line);
        if (m.matches()) {
            slots[worker] = slot(worker, m.group(1) + ": epoch " + m.group(2) + ", iteration " + m.group(3) + ", "
                    + m.group(4));
        } else {
            erase();
            console.println(prefix(worker) + line);
            console.flush();
            slots[worker] = slot(worker, line);
        }
        draw();
    }

    /** Removes the block from the terminal. */
    @Override
    public synchronized void close() {
        if (live != null) {
            erase();
        }
    }

    /** Worker {@code worker}'s line of the block: prefixed, cut at {@link Progress#COLUMNS} - 1. */
    static String slot(int worker, String text) {
        String line = prefix(worker) + text;
        return line.length() <= Progress.COLUMNS - 1 ? line : line.substring(0, Progress.COLUMNS - 1);
    }

    private static String prefix(int worker) {
        return "[worker " + (worker + 1) + "] ";
    }

    private void draw() {
        erase();
        StringBuilder s = new StringBuilder();
        Arrays.stream(slots).forEach(l -> s.append(l).append('\n'));
        live.print(s);
        live.flush();
        drawn = true;
    }

    /** Moves to the block's first line and clears to the end of the screen. */
    private void erase() {
        if (drawn) {
            live.print("\033[" + slots.length + "F\033[J");
            live.flush();
            drawn = false;
        }
    }
}
