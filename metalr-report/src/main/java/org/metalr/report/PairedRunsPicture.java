package org.metalr.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metalr.runs.metrics.Figure;

/**
 * {@code paired_runs.png}: the headline figure of every run of a comparison, one column per method and
 * one point per run, the runs that pair up (the same seed and fold) joined by a line across the
 * methods, so that the spread over seeds and the paired differences the tests rest on are seen rather
 * than summarised away. Fractions are drawn in percent, HD95 in millimetres.
 */
final class PairedRunsPicture {

    static final int WIDTH = 1000;
    static final int HEIGHT = 560;

    private PairedRunsPicture() {
    }

    /** The picture, or nothing when the comparison has no headline figure. */
    static Optional<Picture> render(String name, ComparisonTable table) {
        String metric = table.metric();
        if (metric == null) {
            return Optional.empty();
        }
        List<String> methods = table.methods();
        double scale = Figure.millimetres(metric) ? 1 : 100;
        LineChart chart = new LineChart(metric + " of every run, paired across methods")
                .subtitle("one point per run; a line joins the runs of one seed (and fold)")
                .axes("method", Figure.millimetres(metric) ? metric + " (mm)" : metric + " (%)").categories(methods);
        int i = 0;
        for (String pair : table.pairs()) {
            double[] x = new double[methods.size()];
            double[] y = new double[methods.size()];
            boolean any = false;
            for (int m = 0; m < methods.size(); m++) {
                x[m] = m;
                Double v = table.cell(methods.get(m), metric).map(c -> c.values().get(pair)).orElse(null);
                y[m] = v == null ? Double.NaN : scale * v;
                any |= v != null && Double.isFinite(v);
            }
            if (any) {
                chart.add(new LineChart.Series(pair, x, y, Charts.color(i), 1.4f, null, true));
            }
            i++;
        }
        if (chart.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Charts.picture(name, "Test " + metric + " of each run by method; lines join the runs of one"
                + " seed (and fold), the pairs of the tests.", WIDTH, HEIGHT, false, chart::draw));
    }
}
