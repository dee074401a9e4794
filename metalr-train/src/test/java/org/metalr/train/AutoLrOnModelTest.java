package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.TensorInfo;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.train.method.AutoLr;
import org.metalr.train.method.AutoLrRule;
import org.metalr.train.method.AutoLrSettings;
import org.metalr.train.method.AutoLrState;
import org.metalr.runs.RunReport;
import org.metalr.runs.EpochRecord;

/**
 * AutoLR through the trainer on SmallCnn (groups stem, block1, block2, fc: the two blocks are scored
 * and adjusted). The data carry no per-epoch augmentation and come in dataset order, so a redone pass
 * sees the same batches as the first and must start from the same weights.
 */
class AutoLrOnModelTest {

    @TempDir
    Path dir;

    private RunReport run(AutoLrSettings settings, int epochs) throws Exception {
        TrainConfig config = Fixtures.config("autolr").method(new AutoLr(settings)).epochs(epochs).build();
        try (TrainingData data = Fixtures.data(config, false, new Fixtures.Images(24, 1, 0),
                new Fixtures.Images(12, 2, 0), new Fixtures.Images(9, 3, 0))) {
            return new Trainer(config, Fixtures.JAVACPP, Fixtures.model(), data, dir).run();
        }
    }

    @Test
    void anEpochThatMeetsTheThresholdStandsAtOnce() throws Exception {
        RunReport report = run(AutoLrSettings.defaults().with("threshold", 0), 2);
        assertThat(report.epochs()).extracting(EpochRecord::passes).containsExactly(1, 1);
        assertThat(report.methodState(AutoLrState.class).trials()).extracting(AutoLrState.Trial::accepted).containsExactly(true, true);
        LrTrajectoryCsv.Trajectory log = LrTrajectoryCsv.read(dir.resolve(LrTrajectoryCsv.FILE_NAME));
        assertThat(log.rows()).hasSize(13).allSatisfy(r -> assertThat(r.rates()).containsExactly(0.001, 0.001, 0.001, 0.01));
    }

    @Test
    void aRejectedEpochIsRedoneFromItsStartWithTheAuthorsRates() throws Exception {
        // targets from 0.5x the smaller to 2x the larger variation rise with depth, so one retry suffices
        AutoLrSettings settings = new AutoLrSettings(0.94, 0.99, 0.8, 0.5, 2.0, 0.5, 3);
        Map<String, HostTensor> start = Fixtures.model().initialState();
        RunReport report = run(settings, 1);

        List<AutoLrState.Trial> trials = report.methodState(AutoLrState.class).trials();
        assertThat(trials).hasSize(2);
        AutoLrState.Trial first = trials.get(0);
        AutoLrState.Trial second = trials.get(1);
        assertThat(first.accepted()).isFalse();
        assertThat(first.score()).isLessThan(0.94);
        assertThat(second.accepted()).isTrue();
        assertThat(second.score()).isEqualTo(1.0);
        assertThat(report.epochs().get(0).passes()).isEqualTo(2);

        // the second trial's rates, from the first trial's measurements as the authors compute them
        double[] v = first.variations();
        double[] blocks = {v[1], v[2]};
        double[] adjusted = AutoLrRule.adjustedRates(new double[] {0.001, 0.001}, blocks,
                AutoLrRule.rampTargets(blocks, 0.5, 2.0));
        assertThat(second.learningRates()).containsExactly(adjusted[0] * 0.5, adjusted[0], adjusted[1], 0.01);
        assertThat(report.learningRates().values()).containsExactly(adjusted[0] * 0.5, adjusted[0], adjusted[1], 0.01);

        // the log holds both passes: six rows at the initial rates, six at the new ones
        LrTrajectoryCsv.Trajectory log = LrTrajectoryCsv.read(dir.resolve(LrTrajectoryCsv.FILE_NAME));
        assertThat(log.rows()).hasSize(13);
        assertThat(log.rows().get(6).rates()).containsExactly(0.001, 0.001, 0.001, 0.01);
        assertThat(log.rows().get(7).rates()).containsExactly(second.learningRates());

        // the redone pass starts from the epoch's weights: its first loss equals the first pass's
        List<String> losses = Files.readAllLines(dir.resolve("losses.csv"));
        assertThat(losses.get(7).split(",")[2]).isEqualTo(losses.get(1).split(",")[2]);

        // the accepted trial's variations, recomputed from the weights before and after it
        Map<String, HostTensor> end = Fixtures.lastModel(dir);
        List<ParamGroup> groups = Fixtures.network().groups();
        for (int g = 0; g < groups.size(); g++) {
            double sum = 0;
            long n = 0;
            for (TensorInfo p : weights(groups.get(g))) {
                float[] a = end.get(p.name()).toFloatArray();
                float[] b = start.get(p.name()).toFloatArray();
                for (int i = 0; i < a.length; i++) {
                    sum += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
                }
                n += a.length;
            }
            assertThat(second.variations()[g]).as(groups.get(g).name()).isCloseTo(Math.sqrt(sum) / n * 1e6, within(1e-9));
        }
    }

    /** Convolution weights of a group, or its linear weights when it has none (SmallCnn's fc). */
    private static List<TensorInfo> weights(ParamGroup group) {
        List<TensorInfo> out = new ArrayList<>();
        for (TensorInfo p : Fixtures.network().parameters()) {
            boolean conv = p.shape().length == 4;
            if (group.contains(p.name()) && (conv || group.name().equals("fc")) && p.name().endsWith(".weight")) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void theLastTrialStandsAndTheThresholdShrinksEachEpoch() throws Exception {
        // the default ramp cannot order two blocks whose variations fall with depth: every trial fails
        RunReport report = run(AutoLrSettings.defaults().with("max-trials", 2), 2);
        List<AutoLrState.Trial> trials = report.methodState(AutoLrState.class).trials();
        assertThat(trials).extracting(AutoLrState.Trial::epoch).containsExactly(1, 1, 2, 2);
        assertThat(trials.get(1).accepted()).isTrue();
        assertThat(trials.get(1).score()).isLessThan(0.94);
        assertThat(trials.get(0).threshold()).isEqualTo(0.94);
        assertThat(trials.get(2).threshold()).isEqualTo(0.94 * 0.99);
        assertThat(report.iterations()).isEqualTo(6 * trials.size());
    }
}
