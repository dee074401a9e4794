package org.metalr.app;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import org.metalr.runs.EpochRecord;
import org.metalr.train.TrainingListener;
import org.metalr.train.method.IterationResult;

/**
 * Shows a run's progress. On a terminal: a live line on standard error, at most 80 columns (epoch,
 * iteration, a bar, loss, the range of the learning rates, speed, time left), and while whole volumes
 * are evaluated, the evaluation's own line (set, volume, tiles done of total, seconds per tile, time
 * left); each finished epoch's line is printed above it and stays. Otherwise no live line; with
 * {@code epochLines}, one line per validated epoch and one per evaluated volume on the command's output.
 * Speeds read in iterations per second, or seconds per iteration when below one per second.
 * {@link #close()} it after the run.
 */
final class Progress implements TrainingListener, AutoCloseable {

    /** Width of the live line. */
    static final int COLUMNS = 80;

    private static final long REFRESH_NANOS = 250_000_000L;

    private final String label;
    private final int epochs;
    private final PrintWriter out;
    private final boolean epochLines;
    private final PrintStream live;
    private long startIteration;
    private long startNanos;
    private long iterations;
    private long lastIteration;
    private int lastEpoch;
    private double lastLoss = Double.NaN;
    private double[] lastRates;
    private long lastDraw;
    private boolean drawn;
    private int evalVolume = -1;
    /** The set being evaluated and whether its current volume is done: a new evaluation may start at volume 0 again. */
    private String evalSet;
    private boolean volumeDone;
    private long evalStartNanos;
    private long volumeStartNanos;
    private int tilesBefore;

    /**
     * @param label      what the run is, shown first ("metalr seed 0"); may be empty
     * @param epochs     the run's epochs
     * @param out        where epoch lines go
     * @param epochLines whether to print a line per epoch when there is no live line
     */
    Progress(String label, int epochs, PrintWriter out, boolean epochLines) {
        this(label, epochs, out, epochLines, onTerminal() ? System.err : null);
    }

    /** With {@code live} the stream of the live line, or null for none. */
    Progress(String label, int epochs, PrintWriter out, boolean epochLines, PrintStream live) {
        this.label = label.isEmpty() ? "" : label + " ";
        this.epochs = epochs;
        this.out = out;
        this.epochLines = epochLines;
        this.live = live;
    }

    /** Whether standard output is an interactive terminal (the live line's condition). */
    static boolean onTerminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public void started(long fromIteration, long plannedIterations) {
        startIteration = fromIteration;
        lastIteration = fromIteration;
        iterations = Math.max(plannedIterations, fromIteration);
        startNanos = System.nanoTime();
    }

    @Override
    public void iteration(long iteration, int epoch, IterationResult result, double[] learningRates) {
        lastIteration = iteration;
        lastEpoch = epoch;
        lastLoss = result.trainLoss();
        lastRates = learningRates;
        iterations = Math.max(iterations, iteration);
        evalVolume = -1;
        if (live != null && due()) {
            draw(trainingLine());
        }
    }

    @Override
    public void evaluating(String set, int volume, int volumes, int done, int tiles) {
        long now = System.nanoTime();
        boolean restart = evalVolume < 0 || !set.equals(evalSet) || volume < evalVolume
                || (volume == evalVolume && volumeDone);
        if (restart) {
            evalStartNanos = now;
            tilesBefore = 0;
            evalSet = set;
        }
        boolean newVolume = restart || volume != evalVolume;
        if (newVolume) {
            volumeStartNanos = now;
            evalVolume = volume;
        }
        volumeDone = done == tiles;
        if (done == tiles && epochLines && live == null) {
            out.printf(Locale.ROOT, "%s%s volume %d/%d: %d tiles in %.1f s%n", label, set, volume + 1, volumes, tiles,
                    (now - volumeStartNanos) / 1e9);
            out.flush();
        }
        int doneInAll = tilesBefore + done;
        if (done == tiles) {
            tilesBefore += tiles;
        }
        if (live != null && (due() || newVolume || done == tiles)) {
            double seconds = (now - evalStartNanos) / 1e9;
            // volumes not started yet are taken to have as many tiles as this one
            long left = (long) tiles - done + (long) (volumes - volume - 1) * tiles;
            double perTile = doneInAll > 0 ? seconds / doneInAll : Double.NaN;
            draw(fit(String.format(Locale.ROOT, "%s%s vol %d/%d tiles %d/%d", label, set, volume + 1, volumes, done,
                    tiles), fraction(done, tiles), String.format(Locale.ROOT, "%s %s left",
                    speed(perTile > 0 ? 1 / perTile : Double.NaN, "tile"), duration(perTile * left))));
        }
    }

    @Override
    public void epoch(EpochRecord record) {
        if (live == null && !epochLines) {
            return;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double perSecond = seconds > 0 ? (lastIteration - startIteration) / seconds : Double.NaN;
        String line = String.format(Locale.ROOT, "%sepoch %d/%d: iteration %d, train loss %.4f, validation %s %.1f%%"
                + " (loss %.4f), lr %s, %s", label, record.epoch(), epochs, record.iteration(), record.trainLoss(),
                record.validation().headlineName(), 100 * record.validation().headline(), record.validationLoss(),
                lastRates == null ? "-" : rateRange(lastRates), speed(perSecond, "it"));
        if (live != null) {
            clear();
            live.println(line);
            live.flush();
        } else {
            out.println(line);
            out.flush();
        }
    }

    private String trainingLine() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long done = lastIteration - startIteration;
        double perSecond = seconds > 0 ? done / seconds : Double.NaN;
        double left = done > 0 ? (iterations - lastIteration) / perSecond : Double.NaN;
        return fit(String.format(Locale.ROOT, "%sep %d/%d it %d/%d", label, lastEpoch, epochs, lastIteration, iterations),
                fraction(lastIteration, iterations), String.format(Locale.ROOT, "loss %.4f lr %s %s %s", lastLoss,
                        lastRates == null ? "-" : rateRange(lastRates), speed(perSecond, "it"), duration(left)));
    }

    private boolean due() {
        long now = System.nanoTime();
        if (now - lastDraw < REFRESH_NANOS && drawn) {
            return false;
        }
        lastDraw = now;
        return true;
    }

    private void draw(String line) {
        live.print("\r" + line + " ".repeat(Math.max(0, COLUMNS - 1 - line.length())) + "\r");
        live.flush();
        drawn = true;
    }

    private void clear() {
        if (drawn) {
            live.print("\r" + " ".repeat(COLUMNS - 1) + "\r");
            drawn = false;
        }
    }

    private static double fraction(long done, long total) {
        return total <= 0 ? 0 : Math.min(1, (double) done / total);
    }

    /**
     * {@code head [=====>    ] tail} in at most {@link #COLUMNS} - 1 characters: the bar takes what the
     * texts leave (at least 10 columns, else it is left out), and the line is cut at the width.
     */
    static String fit(String head, double fraction, String tail) {
        int room = COLUMNS - 1 - head.length() - tail.length() - 2;
        String line;
        if (room >= 12) {
            int width = Math.min(room - 2, 30);
            int filled = (int) Math.round(fraction * width);
            String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
            line = head + " [" + bar + "] " + tail;
        } else {
            line = head + " " + tail;
        }
        return line.length() <= COLUMNS - 1 ? line : line.substring(0, COLUMNS - 1);
    }

    /** {@code 2.3 it/s} at one or more per second, else {@code 4.1 s/it}; {@code -} when unknown. */
    static String speed(double perSecond, String unit) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            return "- " + unit + "/s";
        }
        return perSecond >= 1 ? String.format(Locale.ROOT, "%.1f %s/s", perSecond, unit)
                : String.format(Locale.ROOT, "%.1f s/%s", 1 / perSecond, unit);
    }

    /** {@code 1:05:09}, {@code 05:09}, or {@code --:--} when unknown. */
    static String duration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    /** The smallest and largest rate: {@code 1.0e-03..1.0e-02}, or one value when they agree. */
    static String rateRange(double[] rates) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double r : rates) {
            lo = Math.min(lo, r);
            hi = Math.max(hi, r);
        }
        return lo == hi ? String.format(Locale.ROOT, "%.1e", lo) : String.format(Locale.ROOT, "%.1e..%.1e", lo, hi);
    }

    @Override
    public void close() {
        if (live != null && drawn) {
            clear();
            live.flush();
        }
    }
}
