package org.metalr.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.metalr.runs.EpochRecord;
import org.metalr.runs.LossesCsv;

/**
 * {@code loss_curve.png}: the training loss per iteration (faint) with its moving average, MetaLR's
 * validation loss at the look-ahead (moving average) when logged, and the validation loss after each
 * epoch (markers). Without the per-iteration log it shows the per-epoch losses alone.
 */
public final class LossCurvePicture {

    /** The picture's file stem. */
    public static final String NAME = "loss_curve";
    static final int WIDTH = 1100;
    static final int HEIGHT = 560;
    private static final int BUCKETS = 800;
    private static final Color TRAIN = Charts.color(0);
    private static final Color TRAIN_RAW = new Color(0xc6dbef);
    private static final Color LOOK_AHEAD = Charts.color(1);
    private static final Color VALIDATION = Charts.color(3);

    private LossCurvePicture() {
    }

    /**
     * Renders the curve, or nothing when there is no loss to draw.
     *
     * @param losses the per-iteration log, or null when the run has none
     * @param epochs the per-epoch summaries (possibly empty)
     */
    public static Optional<Picture> render(LossesCsv.History losses, List<EpochRecord> epochs, String title) {
        boolean perIteration = losses != null && losses.size() > 0;
        boolean epochIterations = epochs.stream().allMatch(e -> e.iteration() >= 0);
        // Per-epoch points sit at the epoch's last iteration; without those, the x axis counts epochs.
        boolean byIteration = perIteration || (epochIterations && !epochs.isEmpty());
        LineChart chart = new LineChart(title).axes(byIteration ? "iteration" : "epoch", "loss");
        List<String> shown = new ArrayList<>();
        if (perIteration) {
            double[] x = toDouble(losses.iterations());
            double[] train = losses.trainLoss();
            int window = window(train.length);
            double[][] raw = Charts.thin(x, train, BUCKETS, Double::isFinite);
            if (window == 1) {
                // Too short to smooth: the raw loss is the line.
                chart.add(new LineChart.Series("train, per iteration", raw[0], raw[1], TRAIN, 2.2f, null, false));
            } else {
                chart.add(new LineChart.Series("train, per iteration", raw[0], raw[1], TRAIN_RAW, 1f, null, false));
                double[][] smooth = Charts.thin(x, movingAverage(train, window), BUCKETS, Double::isFinite);
                chart.add(new LineChart.Series("train, moving average of " + window, smooth[0], smooth[1], TRAIN,
                        2.4f, null, false));
            }
            shown.add("train loss per iteration");
            if (losses.hasValidationLoss()) {
                double[][] look = Charts.thin(x, movingAverage(losses.validationLoss(), window), BUCKETS, Double::isFinite);
                String name = window == 1 ? "validation at look-ahead" : "validation at look-ahead, average";
                chart.add(new LineChart.Series(name, look[0], look[1], LOOK_AHEAD, 2f, null, false));
                shown.add("MetaLR's validation loss at the look-ahead");
            }
        }
        double[] ex = new double[epochs.size()];
        double[] train = new double[epochs.size()];
        double[] validation = new double[epochs.size()];
        for (int i = 0; i < ex.length; i++) {
            EpochRecord e = epochs.get(i);
            ex[i] = byIteration ? e.iteration() : e.epoch();
            train[i] = e.trainLoss();
            validation[i] = e.validationLoss();
        }
        if (!perIteration && any(train)) {
            chart.add(new LineChart.Series("train, epoch mean", ex, train, TRAIN, 2f, null, true));
            shown.add("train loss per epoch");
        }
        if (any(validation)) {
            chart.add(new LineChart.Series("validation, after each epoch", ex, validation, VALIDATION, 2f,
                    new float[] {6f, 3f}, true));
            shown.add("validation loss per epoch");
        }
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        chart.subtitle(String.join("; ", shown));
        return Optional.of(Charts.picture(NAME, "Losses during training: " + String.join(", ", shown) + ".", WIDTH,
                HEIGHT, false, chart::draw));
    }

    /** About 2% of the run, at least 1 and odd, so the average is centred on its iteration. */
    static int window(int n) {
        int w = Math.max(1, n / 50);
        return w % 2 == 0 ? w + 1 : w;
    }

    /** Centred moving average over the finite values in each window; NaN where a window holds none. */
    static double[] movingAverage(double[] y, int window) {
        int half = window / 2;
        double[] sum = new double[y.length + 1];
        int[] count = new int[y.length + 1];
        for (int i = 0; i < y.length; i++) {
            boolean finite = Double.isFinite(y[i]);
            sum[i + 1] = sum[i] + (finite ? y[i] : 0);
            count[i + 1] = count[i] + (finite ? 1 : 0);
        }
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            int from = Math.max(0, i - half);
            int to = Math.min(y.length, i + half + 1);
            int n = count[to] - count[from];
            out[i] = n == 0 ? Double.NaN : (sum[to] - sum[from]) / n;
        }
        return out;
    }

    private static boolean any(double[] v) {
        for (double d : v) {
            if (Double.isFinite(d)) {
                return true;
            }
        }
        return false;
    }

    private static double[] toDouble(long[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
