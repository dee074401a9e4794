package org.metalr.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.runs.LrTrajectoryCsv;

/**
 * {@code lr_profile.png}: learning rate per group in depth order on a log scale, lines with markers
 * (the "U-shape" MetaLR tends to learn: shallow and deep groups faster than the middle ones). A run's
 * profile shows its initial and final rates; a method's profile in a comparison shows the final
 * rates of each seed, and a comparison's summary the median final rates of each method. Frozen groups
 * are marked on the axis and get no point: they take no step, so their rate is never used.
 */
public final class LrProfilePicture {

    /** The run picture's file stem. */
    public static final String NAME = "lr_profile";
    static final int WIDTH = 1000;
    static final int HEIGHT = 560;
    private static final Color INITIAL = new Color(0x9a9a9a);

    private LrProfilePicture() {
    }

    /**
     * A run's profile: its initial rates (grey, dashed) and final rates.
     *
     * @param frozen per group whether frozen, or empty when unknown
     * @throws IllegalArgumentException if {@code frozen} is neither empty nor one flag per group
     */
    public static Picture ofRun(LrTrajectoryCsv.Trajectory trajectory, List<Boolean> frozen, String title) {
        Objects.requireNonNull(trajectory, "trajectory");
        List<String> groups = trajectory.groups();
        LineChart chart = frame(title, groups, frozen, "after iteration " + trajectory.lastIteration());
        double[] x = positions(groups.size());
        chart.add(new LineChart.Series("initial", x, unfrozen(trajectory.initialRates(), frozen), INITIAL, 1.8f,
                new float[] {6f, 4f}, true));
        chart.add(new LineChart.Series("final", x, unfrozen(trajectory.finalRates(), frozen), Charts.color(0), 2.6f,
                null, true));
        return Charts.picture(NAME, "Initial and final learning rate of each group, shallow to deep (log scale).",
                WIDTH, HEIGHT, false, chart::draw);
    }

    /**
     * Several final profiles in one picture, one line per label: the runs of one method, or one
     * summary line per method. NaN rates (a group left out) break the line.
     *
     * @param name     the file stem
     * @param subtitle the line under the title
     * @param caption  the caption on the page
     * @param profiles label to one final rate per group, in legend order
     * @throws IllegalArgumentException if a profile does not hold one rate per group, or {@code frozen}
     *     is neither empty nor one flag per group
     */
    public static Picture ofProfiles(String name, String title, String subtitle, String caption, List<String> groups,
            List<Boolean> frozen, Map<String, double[]> profiles) {
        Objects.requireNonNull(profiles, "profiles");
        LineChart chart = frame(title, groups, frozen, subtitle);
        double[] x = positions(groups.size());
        int i = 0;
        for (Map.Entry<String, double[]> e : profiles.entrySet()) {
            if (e.getValue().length != groups.size()) {
                throw new IllegalArgumentException("profile '" + e.getKey() + "' has " + e.getValue().length
                        + " rates for " + groups.size() + " groups");
            }
            chart.add(new LineChart.Series(e.getKey(), x, unfrozen(e.getValue(), frozen), Charts.color(i), 2.2f,
                    Charts.dash(i), true));
            i++;
        }
        return Charts.picture(name, caption, WIDTH, HEIGHT, false, chart::draw);
    }

    private static LineChart frame(String title, List<String> groups, List<Boolean> frozen, String detail) {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(frozen, "frozen");
        if (!frozen.isEmpty() && frozen.size() != groups.size()) {
            throw new IllegalArgumentException(frozen.size() + " frozen flags for " + groups.size() + " groups");
        }
        List<String> labels = new ArrayList<>();
        boolean anyFrozen = false;
        for (int g = 0; g < groups.size(); g++) {
            boolean f = !frozen.isEmpty() && frozen.get(g);
            anyFrozen |= f;
            labels.add(f ? groups.get(g) + " *" : groups.get(g));
        }
        return new LineChart(title)
                .subtitle(detail + (anyFrozen ? "; * frozen group: not trained, its rate is not drawn" : ""))
                .axes("group (shallow to deep)", "learning rate (log scale)").logY().categories(labels);
    }

    /** A copy of {@code rates} with the frozen groups' rates NaN, which breaks the line there. */
    private static double[] unfrozen(double[] rates, List<Boolean> frozen) {
        double[] out = rates.clone();
        for (int g = 0; g < out.length && g < frozen.size(); g++) {
            if (frozen.get(g)) {
                out[g] = Double.NaN;
            }
        }
        return out;
    }

    private static double[] positions(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }
}
