package org.metalr.report;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code grid_heatmap.png}: the bi-directional grid as a triangle (the paper's Fig. 3a). Row m is
 * the first frozen group, column n the last; cell (m, n) holds its figure as a percentage, coloured on
 * viridis from the grid's lowest to its highest value, the best cell outlined. Settings without a
 * result are grey with a dash.
 */
public final class GridHeatmapPicture {

    /** The picture's file stem. */
    public static final String NAME = "grid_heatmap";

    private static final float TITLE = 19f;
    private static final float LABEL = 13.5f;

    private GridHeatmapPicture() {
    }

    /**
     * Renders the triangle.
     *
     * @param figure what the values are, for the colour bar ("test accuracy")
     */
    public static Picture render(GridResults grid, String title, String figure) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(figure, "figure");
        int k = grid.groups().size() - 1;
        double cell = Math.max(48, Math.min(96, 620.0 / k));
        double labelWidth = 0;
        for (String g : grid.groups()) {
            labelWidth = Math.max(labelWidth, Charts.textWidth(axisLabel(0, g), LABEL, false));
        }
        double left = 30 + 22 + labelWidth + 12;
        double top = 24 + TITLE + 20 + 24;
        double bottomLabels = labelWidth * Math.sin(Math.toRadians(40)) + LABEL + 12;
        int width = (int) Math.ceil(left + k * cell + 46 + 110 + 24);
        int height = (int) Math.ceil(top + k * cell + bottomLabels + 40);
        String caption = "Bi-directional fine-tuning: " + figure + " with groups m..n frozen (row m, column n); "
                + grid.values().size() + " of " + grid.settings() + " settings.";
        return Charts.picture(NAME, caption, width, height, false, c -> draw(c, grid, title, figure, cell, left, top));
    }

    private static String axisLabel(int index, String group) {
        return (index + 1) + " " + group;
    }

    private static void draw(Canvas c, GridResults grid, String title, String figure, double cell, double left,
            double top) {
        List<String> groups = grid.groups();
        int k = groups.size() - 1;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        GridResults.Cell best = null;
        for (var e : grid.values().entrySet()) {
            double v = e.getValue();
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                if (v > hi) {
                    hi = v;
                    best = e.getKey();
                }
            }
        }
        boolean any = lo <= hi;
        c.text(title, c.width() / 2.0, 24 + TITLE, TITLE, true, Charts.INK, Canvas.Align.MIDDLE, 0);
        c.text(figure + " with groups m..n frozen, both ends fine-tuned", c.width() / 2.0, 24 + TITLE + 20, 13.5f,
                false, Charts.MUTED, Canvas.Align.MIDDLE, 0);
        double size = k * cell;
        float valueSize = (float) Math.max(11, Math.min(17, cell / 4.2));
        for (int m = 1; m <= k; m++) {
            double y = top + (m - 1) * cell;
            c.text(axisLabel(m - 1, groups.get(m - 1)), left - 10, y + cell / 2 + LABEL * 0.35, LABEL, false,
                    Charts.INK, Canvas.Align.END, 0);
            for (int n = m; n <= k; n++) {
                double x = left + (n - 1) * cell;
                Double v = grid.values().get(new GridResults.Cell(m, n));
                boolean has = v != null && Double.isFinite(v);
                Color fill = has ? Charts.ramp(Charts.VIRIDIS, hi > lo ? (v - lo) / (hi - lo) : 1) : Charts.MISSING;
                c.fillRect(x, y, cell, cell, fill);
                c.strokeRect(x, y, cell, cell, Color.WHITE, 1.5f);
                String text = has ? String.format(Locale.ROOT, "%.1f", 100 * v) : "–";
                c.text(text, x + cell / 2, y + cell / 2 + valueSize * 0.35, valueSize,
                        best != null && best.equals(new GridResults.Cell(m, n)), has ? Charts.textOn(fill) : Charts.MUTED,
                        Canvas.Align.MIDDLE, 0);
            }
        }
        if (best != null) {
            c.strokeRect(left + (best.n() - 1) * cell + 1.5, top + (best.m() - 1) * cell + 1.5, cell - 3, cell - 3,
                    new Color(0xd62728), 3f);
        }
        c.text("m: first frozen group", 30 + 14, top + size / 2, 15f, false, Charts.INK, Canvas.Align.MIDDLE, 90);
        for (int n = 1; n <= k; n++) {
            double x = left + (n - 1) * cell + cell / 2;
            c.text(axisLabel(n - 1, groups.get(n - 1)), x + 5, top + size + LABEL + 4, LABEL, false, Charts.INK,
                    Canvas.Align.END, 40);
        }
        c.text("n: last frozen group", left + size / 2, c.height() - 18, 15f, false, Charts.INK, Canvas.Align.MIDDLE, 0);
        if (!any) {
            return;
        }
        double barX = left + size + 46;
        double barH = Math.min(size, 320);
        double barY = top + (size - barH) / 2;
        int steps = 64;
        for (int s = 0; s < steps; s++) {
            double t = 1 - (s + 0.5) / steps;
            c.fillRect(barX, barY + s * barH / steps, 18, barH / steps + 0.6, Charts.ramp(Charts.VIRIDIS, t));
        }
        c.strokeRect(barX, barY, 18, barH, Charts.FRAME, 1f);
        c.text(String.format(Locale.ROOT, "%.1f%%", 100 * hi), barX + 24, barY + 5, 12.5f, false, Charts.INK,
                Canvas.Align.START, 0);
        c.text(String.format(Locale.ROOT, "%.1f%%", 100 * lo), barX + 24, barY + barH + 4, 12.5f, false, Charts.INK,
                Canvas.Align.START, 0);
        c.text(figure, barX + 9, barY - 10, 12.5f, false, Charts.MUTED, Canvas.Align.MIDDLE, 0);
    }
}
