package org.metalr.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.metalr.runs.LrTrajectoryCsv;

/**
 * {@code lr_curves.png} and {@code lr_curves.svg}: every group's learning rate over iterations on a
 * log scale, one line per group named in the legend, ends of epochs marked by dashed vertical lines
 * (the paper's Fig. 3b/4b). Frozen groups are not drawn: they take no step, so their rate is never
 * used; the subtitle names them. Long runs are
 * thinned to at most {@value #MAX_BUCKETS} buckets per line, each keeping its lowest and highest
 * rate in order, so spikes survive at any length. Rates that are zero, negative or not finite cannot
 * sit on a log axis and are left out; the caption says how many.
 */
public final class LrCurvesPicture {

    /** The picture's file stem. */
    public static final String NAME = "lr_curves";
    static final int WIDTH = 1200;
    static final int HEIGHT = 700;
    static final int MAX_BUCKETS = 800;
    /** Above this many epochs, only every k-th epoch end is marked, so the markers stay apart. */
    private static final int MAX_EPOCH_LINES = 40;

    private LrCurvesPicture() {
    }

    /**
     * Renders the curves, 1200x700, as PNG and SVG.
     *
     * @param trajectory the learning-rate log
     * @param frozen     per group whether it is frozen, or empty when unknown
     * @param title      the chart's title
     * @throws IllegalArgumentException if {@code frozen} is neither empty nor one flag per group
     */
    public static Picture render(LrTrajectoryCsv.Trajectory trajectory, List<Boolean> frozen, String title) {
        Objects.requireNonNull(trajectory, "trajectory");
        Objects.requireNonNull(frozen, "frozen");
        List<String> groups = trajectory.groups();
        if (!frozen.isEmpty() && frozen.size() != groups.size()) {
            throw new IllegalArgumentException(frozen.size() + " frozen flags for " + groups.size() + " groups");
        }
        int last = trajectory.lastIteration();
        int[] ends = trajectory.epochEnds();
        int every = Math.max(1, (int) Math.ceil(ends.length / (double) MAX_EPOCH_LINES));
        double[] marks = new double[ends.length / every];
        for (int i = 0; i < marks.length; i++) {
            marks[i] = ends[(i + 1) * every - 1];
        }
        int epochs = trajectory.epoch(last);
        String subtitle = groups.size() + " groups, " + last + " iterations, " + epochs
                + (epochs == 1 ? " epoch" : " epochs")
                + (marks.length > 0 ? "; dashed lines: end of " + (every > 1 ? "every " + every + "th " : "each ")
                + "epoch" : "");
        LineChart chart = new LineChart(title)
                .subtitle(subtitle)
                .axes("iteration", "learning rate (log scale)").logY()
                .xRange(0, Math.max(1, last)).verticals(marks);
        int dropped = 0;
        List<String> frozenGroups = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            if (!frozen.isEmpty() && frozen.get(g)) {
                frozenGroups.add(groups.get(g));
                continue;
            }
            double[] rates = trajectory.ratesOf(g);
            for (double r : rates) {
                if (!(r > 0) || Double.isInfinite(r)) {
                    dropped++;
                }
            }
            double[][] xy = Charts.thin(index(rates.length), rates, MAX_BUCKETS, r -> r > 0 && !Double.isInfinite(r));
            chart.add(new LineChart.Series(groups.get(g), xy[0], xy[1], Charts.color(g), 2.2f, Charts.dash(g), false));
        }
        if (!frozenGroups.isEmpty()) {
            chart.subtitle(subtitle + "; frozen, not drawn (no step uses their rate): " + String.join(", ", frozenGroups));
        }
        String caption = "Learning rate of each group over the iterations (log scale)"
                + (dropped > 0 ? "; " + dropped + " zero, negative or non-finite rates are not drawn" : "") + ".";
        return Charts.picture(NAME, caption, WIDTH, HEIGHT, true, chart::draw);
    }

    private static double[] index(int n) {
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = t;
        }
        return x;
    }
}
