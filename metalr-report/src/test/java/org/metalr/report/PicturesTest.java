package org.metalr.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.runs.EpochRecord;
import org.metalr.runs.LossesCsv;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.LrTrajectoryCsv.Trajectory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PicturesTest {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir
    Path dir;

    /** Ten groups whose rates stay far apart on the log axis, over four epochs. */
    /** A trajectory of {@code rates[t]} at epoch {@code epoch[t]}, row {@code t} iteration {@code t}. */
    static Trajectory trajectory(List<String> groups, int[] epoch, double[][] rates) {
        List<LrTrajectoryCsv.Row> rows = new ArrayList<>();
        for (int t = 0; t < rates.length; t++) {
            rows.add(new LrTrajectoryCsv.Row(t, epoch[t], rates[t]));
        }
        return new Trajectory(groups, rows);
    }

    private static Trajectory tenGroups(int iterationsPerEpoch) {
        int epochs = 4;
        int n = epochs * iterationsPerEpoch + 1;
        int[] epoch = new int[n];
        double[][] rates = new double[n][10];
        for (int t = 0; t < n; t++) {
            epoch[t] = t == 0 ? 0 : (t - 1) / iterationsPerEpoch + 1;
            for (int g = 0; g < 10; g++) {
                rates[t][g] = 1e-5 * Math.pow(10, 0.35 * g) * (1 + 0.2 * t / n);
            }
        }
        return trajectory(Fixtures.GROUPS, epoch, rates);
    }

    private static Document svg(byte[] bytes) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    }

    @Test
    void lrCurvesDrawEveryGroupInItsOwnColourWithEpochMarks() throws Exception {
        Picture p = LrCurvesPicture.render(tenGroups(50), List.of(), "MetaLR");
        BufferedImage image = Images.decode(p.png());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(700);
        assertThat(p.name()).isEqualTo("lr_curves");
        // Every group's colour is on the picture as a line across the plot: counted inside the plot only,
        // away from the legend and the axis labels, whose antialiased text holds greys.
        for (int g = 0; g < 10; g++) {
            assertThat(Images.countNear(image, Charts.color(g), 12, 130, 80, 990, 634)).as("pixels of group %d", g)
                    .isGreaterThan(700);
        }
        Document doc = svg(p.svg());
        NodeList lines = doc.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(10);
        List<String> strokes = new ArrayList<>();
        for (int i = 0; i < lines.getLength(); i++) {
            Element e = (Element) lines.item(i);
            strokes.add(e.getAttribute("stroke"));
            assertThat(e.getAttribute("points").split(" ")).hasSize(201);
        }
        assertThat(strokes).doesNotHaveDuplicates();
        String text = new String(p.svg(), StandardCharsets.UTF_8);
        for (String g : Fixtures.GROUPS) {
            assertThat(text).contains(">" + g + "</text>");
        }
        // Three epoch ends between four epochs, as dashed verticals.
        assertThat(count(text, "stroke-dasharray=\"5,4\"")).isEqualTo(3);
        assertThat(text).contains(">learning rate (log scale)</text>", ">1e-5</text>", ">1e-1</text>");
    }

    @Test
    void frozenGroupsAreNamedButNotDrawnAsIfUsed() throws Exception {
        List<Boolean> frozen = new ArrayList<>(Collections.nCopies(10, false));
        frozen.set(3, true);
        Picture p = LrCurvesPicture.render(tenGroups(5), frozen, "bidir:4-4");
        String text = new String(p.svg(), StandardCharsets.UTF_8);
        assertThat(text).contains("frozen, not drawn (no step uses their rate): layer2.0</text>");
        assertThat(text).doesNotContain(">layer2.0</text>");
        Picture all = LrCurvesPicture.render(tenGroups(5), List.of(), "all");
        assertThat(svg(p.svg()).getElementsByTagName("polyline").getLength())
                .isEqualTo(svg(all.svg()).getElementsByTagName("polyline").getLength() - 1);
        assertThatThrownBy(() -> LrCurvesPicture.render(tenGroups(5), List.of(true), "x"))
                .hasMessageContaining("1 frozen flags for 10 groups");
    }

    @Test
    void longRunsAreThinnedButKeepTheirSpikes() {
        int n = 200_001;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = t;
            y[t] = 1e-3;
        }
        y[123_457] = 5e-2;
        y[150_000] = Double.NaN;
        double[][] thinned = Charts.thin(x, y, 800, v -> v > 0);
        assertThat(thinned[0].length).isLessThanOrEqualTo(1600);
        int spike = -1;
        for (int i = 0; i < thinned[1].length; i++) {
            if (thinned[1][i] == 5e-2) {
                spike = i;
            }
        }
        assertThat(spike).isNotNegative();
        assertThat(thinned[0][spike]).isEqualTo(123_457);
        // Points stay in iteration order.
        for (int i = 1; i < thinned[0].length; i++) {
            assertThat(thinned[0][i]).isGreaterThan(thinned[0][i - 1]);
        }
    }

    @Test
    void aLongRunRendersQuicklyAndCompactly() {
        long start = System.nanoTime();
        Picture p = LrCurvesPicture.render(tenGroups(25_000), List.of(), "100k iterations");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).isLessThan(10);
        assertThat(p.svg().length).isLessThan(600_000);
    }

    @Test
    void ratesThatALogAxisCannotShowAreLeftOutAndCounted() {
        double[][] rates = {{1e-3, 0}, {1e-3, 0}, {2e-3, 1e-3}};
        Picture p = LrCurvesPicture.render(trajectory(List.of("a", "b"), new int[] {0, 1, 1}, rates), List.of(),
                "t");
        assertThat(p.caption()).contains("2 zero, negative or non-finite rates are not drawn");
        assertThat(Images.decode(p.png()).getWidth()).isEqualTo(1200);
    }

    @Test
    void lrProfileShowsInitialAndFinalRates() {
        Picture p = LrProfilePicture.ofRun(tenGroups(5), List.of(), "profile");
        BufferedImage image = Images.decode(p.png());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(560);
        assertThat(Images.countNear(image, Charts.color(0), 12)).isGreaterThan(1000);
        assertThat(Images.countNear(image, new Color(0x9a9a9a), 10)).isGreaterThan(300);
        assertThat(p.svg()).isNull();
    }

    @Test
    void lrProfilesOfSeveralRunsGetOneColourEach() {
        Map<String, double[]> profiles = new LinkedHashMap<>();
        Trajectory t = tenGroups(5);
        for (int s = 0; s < 3; s++) {
            double[] f = t.finalRates();
            for (int g = 0; g < f.length; g++) {
                f[g] *= Math.pow(3, s);
            }
            profiles.put("seed " + s, f);
        }
        Picture p = LrProfilePicture.ofProfiles("lr_profile_metalr", "metalr", "3 runs", "caption", Fixtures.GROUPS,
                List.of(), profiles);
        BufferedImage image = Images.decode(p.png());
        for (int s = 0; s < 3; s++) {
            assertThat(Images.countNear(image, Charts.color(s), 12)).isGreaterThan(800);
        }
        assertThat(p.pngName()).isEqualTo("lr_profile_metalr.png");
        assertThatThrownBy(() -> LrProfilePicture.ofProfiles("x", "x", "", "", List.of("a"), List.of(),
                Map.of("s", new double[2])))
                .hasMessageContaining("has 2 rates for 1 groups");
    }

    @Test
    void confusionMatrixColoursCellsByTheirShareOfTheRow() {
        Picture p = ConfusionMatrixPicture.render(Fixtures.CLASSES,
                List.of(List.of(50L, 0L, 0L), List.of(5L, 5L, 0L), List.of(0L, 1L, 9L)), "test");
        BufferedImage image = Images.decode(p.png());
        assertThat(image.getWidth()).isEqualTo(p.width()).isGreaterThan(500);
        assertThat(image.getHeight()).isEqualTo(p.height()).isGreaterThan(500);
        // The full row's diagonal cell takes the darkest blue; the empty cells the lightest.
        double cell = Math.min(120, 560.0 / 3);
        assertThat(Images.countNear(image, Charts.BLUES[4], 3)).isGreaterThan((int) (0.6 * cell * cell));
        assertThat(Images.countNear(image, Charts.BLUES[0], 3)).isGreaterThan((int) (3 * 0.6 * cell * cell));
        assertThat(Images.countNear(image, Charts.ramp(Charts.BLUES, 0.5), 3)).isGreaterThan((int) (2 * 0.6 * cell * cell));
        assertThat(p.caption()).contains("70 samples");
        assertThatThrownBy(() -> ConfusionMatrixPicture.render(List.of("a"), List.of(List.of(1L, 2L)), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gridHeatmapIsATriangleWithTheBestCellMarked() {
        Map<GridResults.Cell, Double> values = new LinkedHashMap<>();
        for (int m = 1; m <= 9; m++) {
            for (int n = m; n <= 9; n++) {
                values.put(new GridResults.Cell(m, n), 0.6 + 0.01 * (m + n));
            }
        }
        values.put(new GridResults.Cell(2, 3), 0.95);
        values.put(new GridResults.Cell(1, 1), 0.5);
        values.remove(new GridResults.Cell(4, 7));
        GridResults grid = new GridResults(Fixtures.GROUPS, values);
        assertThat(grid.settings()).isEqualTo(45);
        Picture p = GridHeatmapPicture.render(grid, "grid", "test accuracy");
        BufferedImage image = Images.decode(p.png());
        assertThat(image.getWidth()).isEqualTo(p.width()).isGreaterThan(700);
        double cell = Math.max(48, Math.min(96, 620.0 / 9));
        int area = (int) (0.5 * cell * cell);
        assertThat(Images.countNear(image, Charts.VIRIDIS[4], 4)).as("best cell, yellow").isGreaterThan(area);
        assertThat(Images.countNear(image, Charts.VIRIDIS[0], 4)).as("worst cell, purple").isGreaterThan(area);
        assertThat(Images.countNear(image, Charts.MISSING, 2)).as("the missing setting").isGreaterThan(area);
        assertThat(Images.countNear(image, new Color(0xd62728), 10)).as("outline of the best").isGreaterThan(200);
        assertThat(p.caption()).contains("44 of 45 settings");
        // Below the diagonal stays white: the bottom-left cell (m = 9, n = 1).
        assertThat(Images.countNear(image, Color.WHITE, 0)).isGreaterThan(36 * area);
    }

    @Test
    void gridSettingsOutsideTheTriangleAreRefused() {
        assertThatThrownBy(() -> new GridResults(List.of("a", "b", "c"), Map.of(new GridResults.Cell(2, 1), 0.5)))
                .hasMessageContaining("(2, 1) is outside 1 <= m <= n < 3");
        assertThatThrownBy(() -> new GridResults(List.of("a", "b", "c"), Map.of(new GridResults.Cell(1, 3), 0.5)))
                .hasMessageContaining("(1, 3)");
    }

    @Test
    void lossCurveDrawsWhatExists() {
        List<EpochRecord> epochs = List.of(new EpochRecord(1, 1, 6, 0.9, 1.0, null),
                new EpochRecord(2, 1, 12, 0.5, 0.7, null));
        long[] it = new long[400];
        double[] train = new double[400];
        double[] val = new double[400];
        int[] epochOf = new int[400];
        for (int i = 0; i < 400; i++) {
            it[i] = i + 1;
            epochOf[i] = 1 + i / 200;
            train[i] = 1.0 / (1 + 0.01 * i) + (i % 2 == 0 ? 0.05 : -0.05);
            val[i] = Double.NaN;
        }
        Picture both = LossCurvePicture.render(LossesCsv.History.of(it, epochOf, train, val), epochs, "loss").orElseThrow();
        BufferedImage image = Images.decode(both.png());
        assertThat(image.getWidth()).isEqualTo(1100);
        assertThat(Images.countNear(image, Charts.color(0), 12)).as("moving average").isGreaterThan(800);
        assertThat(Images.countNear(image, Charts.color(3), 12)).as("validation per epoch").isGreaterThan(100);
        assertThat(both.caption()).contains("train loss per iteration").contains("validation loss per epoch")
                .doesNotContain("look-ahead");

        Optional<Picture> epochsOnly = LossCurvePicture.render(null, epochs, "loss");
        assertThat(epochsOnly).isPresent();
        assertThat(epochsOnly.get().caption()).contains("train loss per epoch");
        assertThat(LossCurvePicture.render(null, List.of(), "loss")).isEmpty();
    }

    @Test
    void movingAverageIsCentredAndSkipsNaN() {
        double[] avg = LossCurvePicture.movingAverage(new double[] {1, 2, Double.NaN, 4, 5}, 3);
        assertThat(avg).containsExactly(1.5, 1.5, 3.0, 4.5, 4.5);
        assertThat(LossCurvePicture.window(1000)).isEqualTo(21);
        assertThat(LossCurvePicture.window(10)).isEqualTo(1);
    }

    @Test
    void picturesAreWrittenAtomicallyUnderTheirNames() throws IOException {
        Picture p = LrCurvesPicture.render(tenGroups(5), List.of(), "x");
        List<Path> written = p.writeTo(dir);
        assertThat(written).containsExactly(dir.resolve("lr_curves.png"), dir.resolve("lr_curves.svg"));
        assertThat(Files.readAllBytes(dir.resolve("lr_curves.png"))).isEqualTo(p.png());
        assertThat(Files.readAllBytes(dir.resolve("lr_curves.svg"))).isEqualTo(p.svg());
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void logTicksLabelDecadesAndInBetweenForShortRanges() {
        List<String> wide = LineChart.logTicks(1e-6, 1e-1).stream().map(LineChart.Tick::label)
                .filter(java.util.Objects::nonNull).toList();
        assertThat(wide).containsExactly("1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1");
        List<String> narrow = LineChart.logTicks(1e-4, 1e-2).stream().map(LineChart.Tick::label)
                .filter(java.util.Objects::nonNull).toList();
        assertThat(narrow).containsExactly("1e-4", "2e-4", "5e-4", "1e-3", "2e-3", "5e-3", "1e-2");
        List<String> linear = LineChart.linearTicks(0, 1000, 5).stream().map(LineChart.Tick::label).toList();
        assertThat(linear).containsExactly("0", "200", "400", "600", "800", "1,000");
        List<String> fractions = LineChart.linearTicks(0.2, 1.2, 5).stream().map(LineChart.Tick::label).toList();
        assertThat(fractions).containsExactly("0.2", "0.4", "0.6", "0.8", "1", "1.2");
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
