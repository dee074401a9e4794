package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;
import org.metalr.data.volume.LitsSplits;
import org.metalr.runs.RunReport;

/**
 * Mina et al.'s methods on the 3D U-Net through the trainer, under both readings of its depth: exactly the
 * blocks the reading names train, every parameter of the others stays bit for bit, and under I2 the
 * encoder and decoder blocks of one resolution move together.
 */
class UNet3DMinaTest {

    @TempDir
    static Path lits;
    @TempDir
    Path run;

    static LitsSplits splits;

    @BeforeAll
    static void writeCases() throws IOException {
        splits = LitsFixtures.splits(lits);
    }

    // groups: down_tr64, down_tr128, down_tr256, down_tr512, up_tr256, up_tr128, up_tr64, out_tr
    static Stream<Arguments> methods() {
        return Stream.of(
                // I1, data-flow order: the two shallowest blocks, the two deepest
                Arguments.of("mina:I1:2", List.of("down_tr64", "down_tr128")),
                Arguments.of("mina:I1:-2", List.of("up_tr64", "out_tr")),
                // I2, the U read from the top: level 1 is down_tr64, up_tr64 and out_tr together
                Arguments.of("mina:I2:1", List.of("down_tr64", "up_tr64", "out_tr")),
                Arguments.of("mina:I2:2", List.of("down_tr64", "up_tr64", "out_tr", "down_tr128", "up_tr128")),
                // the deepest two levels: the bottom block, and down_tr256 with up_tr256
                Arguments.of("mina:I2:-2", List.of("down_tr512", "down_tr256", "up_tr256")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void exactlyTheNamedBlocksTrain(String method, List<String> trained) throws Exception {
        // two iterations and a checkpoint are enough to see what moves; the evaluations are other tests' subject
        TrainConfig config = LitsFixtures.config(method).epochs(1).maxIters(2).build();
        ModelSpec model = LitsFixtures.model();
        try (TrainingData data = LitsFixtures.data(splits, config)) {
            RunReport report = new Trainer(config, Fixtures.JAVACPP, model, data, run).run();
            assertThat(report.iterations()).isEqualTo(2);
            List<String> frozen = new ArrayList<>();
            for (int j = 0; j < report.groups().size(); j++) {
                if (report.frozen()[j]) {
                    frozen.add(report.groups().get(j));
                }
            }
            assertThat(frozen).hasSize(8 - trained.size()).doesNotContainAnyElementsOf(trained);
        }
        Map<String, HostTensor> after = Fixtures.lastModel(run);
        List<String> moved = new ArrayList<>();
        for (TensorInfo p : model.network().parameters()) {
            String block = p.name().substring(0, p.name().indexOf('.'));
            float[] before = model.initialState().get(p.name()).toFloatArray();
            float[] now = after.get(p.name()).toFloatArray();
            if (!trained.contains(block)) {
                assertThat(now).as("frozen %s", p.name()).containsExactly(before);
            } else if (p.name().endsWith(".weight")) {
                // every weight of a trained block moves (a bias ahead of BatchNorm may get no gradient)
                assertThat(now).as("trained %s", p.name()).isNotEqualTo(before);
                if (!moved.contains(block)) {
                    moved.add(block);
                }
            }
        }
        assertThat(moved).containsExactlyInAnyOrderElementsOf(trained);
    }
}
