package org.metalr.report;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code confusion_matrix.png}: counts with true classes as rows and predicted classes as columns,
 * class names on both axes. Each cell shows its count and its share of the row; the colour is that
 * share (white to dark blue), so small classes read as well as large ones. A colour bar explains it.
 */
public final class ConfusionMatrixPicture {

    /** The picture's file stem. */
    public static final String NAME = "confusion_matrix";

    private static final float TITLE = 19f;
    private static final float LABEL = 14f;

    private ConfusionMatrixPicture() {
    }

    /**
     * Renders the matrix; about 800 pixels wide for up to six classes, more for more.
     *
     * @param classes class names, one per row
     * @param counts  {@code counts.get(true).get(predicted)}, square, non-negative
     * @throws IllegalArgumentException if the matrix is empty, not square, holds a negative count, or
     *     its size differs from the number of class names
     */
    public static Picture render(List<String> classes, List<List<Long>> counts, String title) {
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(title, "title");
        int k = counts.size();
        if (k == 0 || classes.size() != k) {
            throw new IllegalArgumentException("a " + k + "x" + k + " confusion matrix for " + classes.size() + " classes");
        }
        for (List<Long> row : counts) {
            if (row.size() != k || row.stream().anyMatch(v -> v < 0)) {
                throw new IllegalArgumentException("confusion matrix rows must hold " + k + " non-negative counts: " + row);
            }
        }
        double cell = Math.max(44, Math.min(120, 560.0 / k));
        double labelWidth = 0;
        for (String c : classes) {
            labelWidth = Math.max(labelWidth, Charts.textWidth(c, LABEL, false));
        }
        double left = 30 + 22 + labelWidth + 12;
        double top = 24 + TITLE + 20 + 16 + 22 + 8;
        double bottomLabels = labelWidth * Math.sin(Math.toRadians(40)) + LABEL + 10;
        int width = (int) Math.ceil(left + k * cell + 40 + 90 + 24);
        int height = (int) Math.ceil(top + k * cell + bottomLabels + 40);
        long total = counts.stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
        String caption = "Confusion matrix, " + total + " samples: rows are true classes, columns predicted classes;"
                + " colour and percentage are each row's share.";
        return Charts.picture(NAME, caption, width, height, false,
                c -> draw(c, classes, counts, title, cell, left, top, total));
    }

    private static void draw(Canvas c, List<String> classes, List<List<Long>> counts, String title, double cell,
            double left, double top, long total) {
        int k = classes.size();
        c.text(title, c.width() / 2.0, 24 + TITLE, TITLE, true, Charts.INK, Canvas.Align.MIDDLE, 0);
        c.text(total + (total == 1 ? " sample" : " samples"), c.width() / 2.0, 24 + TITLE + 20, 13.5f, false,
                Charts.MUTED, Canvas.Align.MIDDLE, 0);
        double size = k * cell;
        c.text("predicted class", left + size / 2, top - 10, 15f, false, Charts.INK, Canvas.Align.MIDDLE, 0);
        c.text("true class", 30 + 14, top + size / 2, 15f, false, Charts.INK, Canvas.Align.MIDDLE, 90);
        float countSize = (float) Math.max(12, Math.min(24, cell / 3.6));
        float shareSize = (float) Math.max(10, Math.min(14, cell / 6));
        for (int i = 0; i < k; i++) {
            long rowTotal = counts.get(i).stream().mapToLong(Long::longValue).sum();
            double y = top + i * cell;
            c.text(classes.get(i), left - 10, y + cell / 2 + LABEL * 0.35, LABEL, false, Charts.INK, Canvas.Align.END, 0);
            for (int j = 0; j < k; j++) {
                long v = counts.get(i).get(j);
                double share = rowTotal == 0 ? 0 : (double) v / rowTotal;
                Color fill = Charts.ramp(Charts.BLUES, share);
                double x = left + j * cell;
                c.fillRect(x, y, cell, cell, fill);
                Color ink = Charts.textOn(fill);
                boolean showShare = cell >= 56;
                double countY = y + cell / 2 + (showShare ? -2 : countSize * 0.35);
                c.text(Long.toString(v), x + cell / 2, countY, countSize, i == j, ink, Canvas.Align.MIDDLE, 0);
                if (showShare && rowTotal > 0) {
                    c.text(String.format(Locale.ROOT, "%.0f%%", 100 * share), x + cell / 2, countY + shareSize + 4,
                            shareSize, false, ink, Canvas.Align.MIDDLE, 0);
                }
            }
        }
        for (int j = 0; j <= k; j++) {
            c.line(left + j * cell, top, left + j * cell, top + size, Color.WHITE, 1.5f, null);
            c.line(left, top + j * cell, left + size, top + j * cell, Color.WHITE, 1.5f, null);
        }
        c.strokeRect(left, top, size, size, Charts.FRAME, 1f);
        for (int j = 0; j < k; j++) {
            double x = left + j * cell + cell / 2;
            c.text(classes.get(j), x + 5, top + size + LABEL + 4, LABEL, false, Charts.INK, Canvas.Align.END, 40);
        }
        // Colour bar: the row share.
        double barX = left + size + 40;
        double barH = Math.min(size, 320);
        double barY = top + (size - barH) / 2;
        int steps = 64;
        for (int s = 0; s < steps; s++) {
            double t = 1 - (s + 0.5) / steps;
            c.fillRect(barX, barY + s * barH / steps, 18, barH / steps + 0.6, Charts.ramp(Charts.BLUES, t));
        }
        c.strokeRect(barX, barY, 18, barH, Charts.FRAME, 1f);
        for (int p = 0; p <= 100; p += 25) {
            double y = barY + barH * (1 - p / 100.0);
            c.line(barX + 18, y, barX + 23, y, Charts.FRAME, 1f, null);
            c.text(p + "%", barX + 27, y + 4.5f, 12.5f, false, Charts.INK, Canvas.Align.START, 0);
        }
        c.text("share of row", barX + 9, barY - 10, 12.5f, false, Charts.MUTED, Canvas.Align.MIDDLE, 0);
    }
}
