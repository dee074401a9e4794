package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.metalr.runs.EpochRecord;
import org.metalr.train.metrics.SegmentationAccumulator;
import org.metalr.train.method.IterationResult;

class ProgressTest {

    @Test
    void speedsBelowOnePerSecondReadInSecondsPerIteration() {
        assertThat(Progress.speed(2.34, "it")).isEqualTo("2.3 it/s");
        assertThat(Progress.speed(1.0, "it")).isEqualTo("1.0 it/s");
        assertThat(Progress.speed(0.25, "it")).isEqualTo("4.0 s/it");
        assertThat(Progress.speed(1 / 0.44, "tile")).isEqualTo("2.3 tile/s");
        assertThat(Progress.speed(0.0, "it")).isEqualTo("- it/s");
        assertThat(Progress.speed(Double.NaN, "it")).isEqualTo("- it/s");
    }

    @Test
    void durationsReadAsMinutesAndSecondsOrHours() {
        assertThat(Progress.duration(69)).isEqualTo("01:09");
        assertThat(Progress.duration(3 * 3600 + 62)).isEqualTo("3:01:02");
        assertThat(Progress.duration(Double.NaN)).isEqualTo("--:--");
    }

    @Test
    void aLineFitsEightyColumnsWhateverItsTexts() {
        String shortLine = Progress.fit("ep 1/2 it 3/8", 0.375, "loss 0.5000 lr 1.0e-03 4.1 s/it 00:21");
        assertThat(shortLine).hasSizeLessThan(Progress.COLUMNS).contains("[").contains("] loss");
        String longLine = Progress.fit("metalr seed 12 fold 3 of a very long label ep 10/20 it 1234/5678", 0.5,
                "loss 0.5000 lr 1.0e-06..1.0e-02 123.4 it/s 1:02:03");
        assertThat(longLine).hasSize(Progress.COLUMNS - 1).doesNotContain("[");
    }

    @Test
    void onATerminalEachEpochLineStaysAboveTheLiveLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream live = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        StringWriter lines = new StringWriter();
        try (Progress p = new Progress("", 2, new PrintWriter(lines), true, live)) {
            p.started(0, 4);
            p.iteration(1, 1, new IterationResult(0.5, Double.NaN), new double[] {1e-3, 1e-2});
            p.evaluating("validation", 0, 1, 40, 160);
            SegmentationAccumulator acc = new SegmentationAccumulator();
            acc.addVolume("volume-0", new float[] {1, 0}, new org.metalr.data.volume.Volume(2, 1, 1, new float[] {1, 0}));
            p.epoch(new EpochRecord(1, 1, 2, 0.5, 0.25, acc.result()));
            p.iteration(3, 2, new IterationResult(0.4, Double.NaN), new double[] {1e-3, 1e-2});
        }
        String screen = bytes.toString(StandardCharsets.UTF_8);
        // every redraw of the live line returns to the line's start and fits 80 columns (epoch lines stay, and may wrap)
        for (String segment : screen.split("[\r\n]")) {
            if (!segment.startsWith("epoch ")) {
                assertThat(segment.length()).as(segment).isLessThan(Progress.COLUMNS);
            }
        }
        String[] rows = screen.split("\n");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rows[0]).contains("validation vol 1/1 tiles 40/160");
        assertThat(Arrays.stream(rows).filter(r -> r.contains("epoch 1/2: iteration 2")).count()).isEqualTo(1);
        assertThat(rows[rows.length - 1]).contains("ep 2/2 it 3/4");
        assertThat(lines.toString()).as("no duplicate epoch line on the command's output").isEmpty();
    }

    @Test
    void withoutATerminalEpochsAndVolumesAreLinesOfTheOutput() {
        StringWriter lines = new StringWriter();
        try (Progress p = new Progress("metalr", 2, new PrintWriter(lines), true, null)) {
            p.started(0, 4);
            p.iteration(1, 1, new IterationResult(0.5, Double.NaN), new double[] {1e-3});
            p.evaluating("validation", 0, 1, 160, 160);
            SegmentationAccumulator acc = new SegmentationAccumulator();
            acc.addVolume("volume-0", new float[] {1, 0}, new org.metalr.data.volume.Volume(2, 1, 1, new float[] {1, 0}));
            p.epoch(new EpochRecord(1, 1, 2, 0.5, 0.25, acc.result()));
        }
        assertThat(lines.toString()).contains("metalr validation volume 1/1: 160 tiles in")
                .contains("metalr epoch 1/2: iteration 2, train loss 0.5000, validation");
    }

    @Test
    void eachEvaluationTimesItsOwnVolumes() throws InterruptedException {
        StringWriter lines = new StringWriter();
        try (Progress p = new Progress("", 2, new PrintWriter(lines), true, null)) {
            p.started(0, 4);
            p.iteration(4, 2, new IterationResult(0.5, Double.NaN), new double[] {1e-3});
            p.evaluating("validation", 0, 1, 160, 160);
            Thread.sleep(300);
            p.evaluating("test", 0, 1, 160, 160); // the test set's first and only report: no time of its own yet
            Thread.sleep(300);
            p.evaluating("test", 0, 1, 160, 160); // a second test evaluation (the last epoch's model)
        }
        assertThat(lines.toString().lines().filter(l -> l.startsWith("test volume 1/1: 160 tiles in")))
                .containsExactly("test volume 1/1: 160 tiles in 0.0 s", "test volume 1/1: 160 tiles in 0.0 s");
    }
}
