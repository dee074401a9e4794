package org.metalr.app;

import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.metalr.runs.EpochRecord;
import org.metalr.train.TrainingListener;
import org.metalr.train.method.IterationResult;

/**
 * Shows a run's progress. On a terminal: a progress bar on standard error (epoch, iteration, loss,
 * the range of the learning rates, iterations per second, time left), closed when the run ends.
 * Otherwise no bar; with {@code epochLines} one line per epoch on the command's output instead.
 * Owns the bar; {@link #close()} it after the run.
 */
final class Progress implements TrainingListener, AutoCloseable {

    private final String label;
    private final int epochs;
    private final PrintWriter out;
    private final boolean epochLines;
    private final boolean terminal;
    private ProgressBar bar;
    private long startIteration;
    private long startNanos;
    private long lastIteration;
    private double lastLoss = Double.NaN;
    private double[] lastRates;

    /**
     * @param label      what the run is, shown first ("metalr seed 0"); may be empty
     * @param epochs     the run's epochs
     * @param out        where epoch lines go
     * @param epochLines whether to print a line per epoch when there is no bar
     */
    Progress(String label, int epochs, PrintWriter out, boolean epochLines) {
        this.label = label.isEmpty() ? "" : label + " ";
        this.epochs = epochs;
        this.out = out;
        this.epochLines = epochLines;
        this.terminal = onTerminal();
    }

    /** Whether standard output is an interactive terminal (the bar's condition). */
    static boolean onTerminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public void started(long fromIteration, long iterations) {
        startIteration = fromIteration;
        lastIteration = fromIteration;
        startNanos = System.nanoTime();
        if (terminal) {
            bar = new ProgressBarBuilder()
                    .setTaskName(label.isEmpty() ? "training" : label.strip())
                    .setInitialMax(Math.max(iterations, fromIteration))
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" it", 1)
                    .showSpeed(new DecimalFormat("0.0"))
                    .setUpdateIntervalMillis(250)
                    .startsFrom(fromIteration, Duration.ZERO)
                    .build();
        }
    }

    @Override
    public void iteration(long iteration, int epoch, IterationResult result, double[] learningRates) {
        lastIteration = iteration;
        lastLoss = result.trainLoss();
        lastRates = learningRates;
        if (bar != null) {
            if (iteration > bar.getMax()) {
                bar.maxHint(iteration);
            }
            bar.stepTo(iteration);
            bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d/%d loss %.4f lr %s", epoch, epochs, lastLoss,
                    rateRange(learningRates)));
        }
    }

    @Override
    public void epoch(EpochRecord record) {
        if (bar != null || !epochLines) {
            return;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double speed = seconds > 0 ? (lastIteration - startIteration) / seconds : Double.NaN;
        out.printf(Locale.ROOT, "%sepoch %d/%d: iteration %d, train loss %.4f, validation %s %.1f%% (loss %.4f),"
                + " lr %s, %.1f it/s%n", label, record.epoch(), epochs, record.iteration(), record.trainLoss(),
                record.validation().headlineName(), 100 * record.validation().headline(), record.validationLoss(),
                lastRates == null ? "-" : rateRange(lastRates), speed);
        out.flush();
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
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
