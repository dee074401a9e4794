package org.metalr.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.GroupRules;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.StepReport;
import org.metalr.api.TensorInfo;
import org.metalr.core.MetaLrStep;
import org.metalr.core.PlainStep;

/** A user's DJL block fine-tuned through {@link DjlBlocks}. */
class DjlBlocksTest {

    private static final double[] LRS = {2e-3, 3e-3, 8e-3};

    @Test
    void namesFollowTheBlockPathsAndRunningStatisticsAreBuffers() {
        try (NDManager manager = DjlBlocks.newManager();
                Differentiable model = DjlBlockFixtures.model(manager, DjlBlockFixtures.block(), DType.FLOAT64,
                        DjlBlockFixtures.groups(), 1)) {
            assertThat(names(model.parameters())).containsExactly("01Conv2d.weight", "02BatchNorm.gamma",
                    "02BatchNorm.beta", "04Conv2d.weight", "04Conv2d.bias", "05BatchNorm.gamma", "05BatchNorm.beta",
                    "08Linear.weight", "08Linear.bias");
            assertThat(names(model.buffers())).containsExactly("02BatchNorm.runningMean", "02BatchNorm.runningVar",
                    "05BatchNorm.runningMean", "05BatchNorm.runningVar");
            assertThat(model.parameters().get(0).shape()).containsExactly(4, 3, 3, 3);
            assertThat(model.defaultGroups()).isEqualTo(DjlBlockFixtures.groups());
            GroupLayout layout = GroupLayout.resolve(model.defaultGroups(), model.parameters());
            assertThat(layout.sumPerGroup(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1})).containsExactly(3, 4, 2);
        }
    }

    @Test
    void hypergradientMatchesCentralDifferencesOfTheValidationLoss() {
        Batch train = DjlFixtures.batch(31);
        Batch val = DjlFixtures.batch(32);
        for (LrRule rule : List.of(LrRule.paper(1e-3), LrRule.official())) {
            try (NDManager manager = DjlBlocks.newManager();
                    Differentiable model = DjlBlockFixtures.model(manager, DjlBlockFixtures.block(), DType.FLOAT64,
                            DjlBlockFixtures.groups(), 2)) {
                Map<String, HostTensor> theta = model.state();
                StepReport report;
                try (MetaLrStep step = new MetaLrStep(model, model.defaultGroups(), LRS, rule,
                        OptimizerConfig.Sgd.plain())) {
                    report = step.step(train, val, 1);
                }
                model.loadState(theta);
                GroupLayout layout = GroupLayout.resolve(model.defaultGroups(), model.parameters());
                int n = model.parameters().size();
                HostTensor[] g = new HostTensor[n];
                try (Gradients grads = model.gradients(train, DjlFixtures.all(n, true))) {
                    for (int p = 0; p < n; p++) {
                        g[p] = grads.get(p);
                    }
                }
                double s = rule.lookAhead().sign();
                double eps = 1e-5;
                for (int j = 0; j < LRS.length; j++) {
                    // independent of the look-ahead pass: displaced weights written with loadState, then a plain loss
                    double up = validationLoss(model, theta, layout, g, s, j, eps, val);
                    double down = validationLoss(model, theta, layout, g, s, j, -eps, val);
                    double fd = (up - down) / (2 * eps);
                    assertThat(Math.abs(fd)).as("informative difference, group %d", j).isGreaterThan(1e-6);
                    assertThat(relative(report.hypergradient()[j], fd)).as("%s, group %d: %s vs %s", rule.name(), j,
                            report.hypergradient()[j], fd).isLessThan(1e-6);
                }
            }
        }
    }

    private static double validationLoss(Differentiable model, Map<String, HostTensor> theta, GroupLayout layout,
            HostTensor[] g, double sign, int group, double delta, Batch val) {
        Map<String, HostTensor> displaced = new java.util.LinkedHashMap<>(theta);
        for (int p = 0; p < g.length; p++) {
            int j = layout.groupOf(p);
            double lr = LRS[j] + (j == group ? delta : 0);
            String name = model.parameters().get(p).name();
            double[] t = theta.get(name).toDoubleArray();
            double[] d = g[p].toDoubleArray();
            for (int i = 0; i < t.length; i++) {
                t[i] += sign * lr * d[i];
            }
            displaced.put(name, HostTensor.of(t, theta.get(name).shape()));
        }
        model.loadState(displaced);
        try (Gradients h = model.gradients(val, DjlFixtures.all(g.length, false))) {
            return h.loss();
        } finally {
            model.loadState(theta);
        }
    }

    @Test
    void lookAheadLeavesParametersAndRunningStatisticsBitForBit() {
        try (NDManager manager = DjlBlocks.newManager()) {
            SequentialBlock block = DjlBlockFixtures.block();
            try (Differentiable model = DjlBlockFixtures.model(manager, block, DType.FLOAT64,
                    DjlBlockFixtures.groups(), 3)) {
                int n = model.parameters().size();
                List<NDArray> arrays = new ArrayList<>();
                block.getParameters().values().forEach(p -> arrays.add(p.getArray()));
                Map<String, HostTensor> before = model.state();
                double[] coefficient = new double[n];
                Arrays.fill(coefficient, 0.5);
                try (Gradients g = model.gradients(DjlFixtures.batch(33), DjlFixtures.all(n, true))) {
                    Map<String, HostTensor> afterTraining = model.state();
                    try (Gradients h = model.gradientsAt(DjlFixtures.batch(34), g, coefficient,
                            DjlFixtures.all(n, true))) {
                        assertThat(h.loss()).isNotEqualTo(g.loss());
                    }
                    model.forward(DjlFixtures.batch(35).inputs(), true);
                    assertBitEqual(model.state(), afterTraining);
                    for (TensorInfo p : model.parameters()) {
                        assertThat(afterTraining.get(p.name()).toDoubleArray()).as(p.name())
                                .containsExactly(before.get(p.name()).toDoubleArray());
                    }
                    for (TensorInfo b : model.buffers()) {
                        assertThat(afterTraining.get(b.name()).toDoubleArray()).as("training pass moves %s", b.name())
                                .isNotEqualTo(before.get(b.name()).toDoubleArray());
                    }
                }
                List<NDArray> still = new ArrayList<>();
                block.getParameters().values().forEach(p -> still.add(p.getArray()));
                assertThat(still).as("the block's own arrays, never replaced").containsExactlyElementsOf(arrays);
            }
        }
    }

    @Test
    void runningStatisticsEndTheIterationAsTheTrainingPassLeavesThem() {
        Batch train = DjlFixtures.batch(36);
        try (NDManager manager = DjlBlocks.newManager();
                Differentiable model = DjlBlockFixtures.model(manager, DjlBlockFixtures.block(), DType.FLOAT64,
                        DjlBlockFixtures.groups(), 4);
                Differentiable twin = DjlBlockFixtures.model(manager, DjlBlockFixtures.block(), DType.FLOAT64,
                        DjlBlockFixtures.groups(), 4);
                MetaLrStep step = new MetaLrStep(model, model.defaultGroups(), LRS, LrRule.official(),
                        OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            step.step(train, DjlFixtures.batch(37), 1);
            try (Gradients g = twin.gradients(train, DjlFixtures.all(twin.parameters().size(), true))) {
                Map<String, HostTensor> expected = twin.state();
                Map<String, HostTensor> actual = model.state();
                for (TensorInfo b : model.buffers()) {
                    assertThat(actual.get(b.name()).toDoubleArray()).as(b.name())
                            .containsExactly(expected.get(b.name()).toDoubleArray());
                }
            }
        }
    }

    @Test
    void frozenGroupsOfTheRulesStayBitForBitUnderMetaLrAndPlainSteps() {
        List<ParamGroup> groups = GroupRules.parse(
                "stem (frozen): 01Conv2d 02BatchNorm; body: /0[45].*/; head: 08Linear");
        try (NDManager manager = DjlBlocks.newManager();
                Differentiable model = DjlBlockFixtures.model(manager, DjlBlockFixtures.block(), DType.FLOAT32,
                        groups, 5)) {
            Map<String, HostTensor> before = model.state();
            try (MetaLrStep meta = new MetaLrStep(model, groups, LRS, LrRule.official(),
                    OptimizerConfig.Adam.withWeightDecay(1e-4));
                    PlainStep plain = new PlainStep(model, groups, LRS, OptimizerConfig.Sgd.plain())) {
                for (int i = 0; i < 3; i++) {
                    StepReport r = meta.step(DjlFixtures.batch(40 + i), DjlFixtures.batch(50 + i), 1);
                    assertThat(r.hypergradient()[0]).isZero();
                    assertThat(r.learningRates()[0]).isEqualTo(LRS[0]);
                    plain.step(DjlFixtures.batch(60 + i));
                }
                assertThat(meta.optimizerState().keySet()).noneMatch(k -> k.startsWith("01Conv2d")
                        || k.startsWith("02BatchNorm")).contains("08Linear.bias.exp_avg", "08Linear.bias.step");
            }
            Map<String, HostTensor> after = model.state();
            for (String name : List.of("01Conv2d.weight", "02BatchNorm.gamma", "02BatchNorm.beta")) {
                assertThat(after.get(name).toFloatArray()).as(name).containsExactly(before.get(name).toFloatArray());
            }
            for (String name : List.of("04Conv2d.weight", "08Linear.weight")) {
                assertThat(after.get(name).toFloatArray()).as(name).isNotEqualTo(before.get(name).toFloatArray());
            }
        }
    }

    @Test
    void theBlockKeepsItsTrainedWeightsAfterTheModelCloses() {
        try (NDManager manager = DjlBlocks.newManager()) {
            SequentialBlock block = DjlBlockFixtures.block();
            Map<String, HostTensor> trained;
            HostTensor logits;
            Batch batch = DjlFixtures.batch(38);
            try (Differentiable model = DjlBlockFixtures.model(manager, block, DType.FLOAT64, DjlBlockFixtures.groups(), 6);
                    PlainStep plain = new PlainStep(model, model.defaultGroups(), LRS, OptimizerConfig.Sgd.plain())) {
                plain.step(batch);
                trained = model.state();
                logits = model.forward(batch.inputs(), false);
            }
            assertThat(block.getParameters().get("08Linear_bias").getArray().toDoubleArray())
                    .containsExactly(trained.get("08Linear.bias").toDoubleArray());
            // DJL's own evaluation-mode forward on the block gives the model's logits
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(batch.inputs().toDoubleArray(), new Shape(batch.inputs().shape()));
                NDArray out = block.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
                assertThat(out.toDoubleArray()).containsExactly(logits.toDoubleArray());
            }
        }
    }

    @Test
    void badBlocksAndGroupsAreRefusedWithTheirNames() {
        Loss loss = Loss.softmaxCrossEntropyLoss();
        try (NDManager manager = DjlBlocks.newManager()) {
            SequentialBlock fresh = DjlBlockFixtures.block();
            assertThatThrownBy(() -> DjlBlocks.differentiable(fresh, DType.FLOAT32, loss, DjlBlockFixtures.groups()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not initialised");
            SequentialBlock block = DjlBlockFixtures.block();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            assertThatThrownBy(() -> DjlBlocks.differentiable(block, DType.FLOAT64, loss, DjlBlockFixtures.groups()))
                    .hasMessageContaining("parameter '01Conv2d.weight' is float32, expected float64");
            assertThatThrownBy(() -> DjlBlocks.differentiable(block, DType.FLOAT32, loss,
                    GroupRules.parse("stem: 01Conv2d 02BatchNorm; head: 08Linear")))
                    .hasMessageContaining("'04Conv2d.weight' is in no group");
        }
    }

    @Test
    void aTrainedParameterTheForwardNeverReadsIsAnError() {
        try (NDManager manager = DjlBlocks.newManager()) {
            SequentialBlock block = new SequentialBlock().add(DjlBlockFixtures.block()).add(new IdleParameterBlock());
            block.initialize(manager, DataType.FLOAT64, new Shape(1, 3, 8, 8));
            List<ParamGroup> trainIdle = GroupRules.parse("all: /01SequentialBlock\\..*/; idle: 02IdleParameterBlock");
            try (Differentiable model = DjlBlocks.differentiable(block, DType.FLOAT64, Loss.softmaxCrossEntropyLoss(),
                    trainIdle)) {
                int n = model.parameters().size();
                assertThat(model.parameters().get(n - 1).name()).isEqualTo("02IdleParameterBlock.unused");
                assertThatThrownBy(() -> model.gradients(DjlFixtures.batch(39), DjlFixtures.all(n, true)))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("trained parameter '02IdleParameterBlock.unused' was not read");
                boolean[] frozenIdle = DjlFixtures.all(n, true);
                frozenIdle[n - 1] = false;
                try (Gradients g = model.gradients(DjlFixtures.batch(39), frozenIdle)) {
                    assertThat(g.has(n - 1)).isFalse();
                    assertThat(g.has(0)).isTrue();
                }
            }
        }
    }

    @Test
    void aSegmentationBatchHandsTheLossItsMasks() {
        Batch images = DjlFixtures.batch(90);
        double[] m = new double[DjlFixtures.BATCH * DjlFixtures.SIZE * DjlFixtures.SIZE];
        for (int i = 0; i < m.length; i++) {
            m[i] = (i * 7) % 3 == 0 ? 1 : 0;
        }
        Batch batch = Batch.segmentation(images.inputs(),
                HostTensor.of(m, DjlFixtures.BATCH, 1, DjlFixtures.SIZE, DjlFixtures.SIZE));
        try (NDManager manager = DjlBlocks.newManager()) {
            SequentialBlock block = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build())
                    .add(Activation.sigmoidBlock());
            block.initialize(manager, DataType.FLOAT64, new Shape(1, 3, 8, 8));
            try (Differentiable model = DjlBlocks.differentiable(block, DType.FLOAT64, Loss.l2Loss(),
                    List.of(ParamGroup.of("all", "01Conv2d")))) {
                double[] p = model.forward(batch.inputs(), true).toDoubleArray();
                double expected = 0;
                for (int i = 0; i < p.length; i++) {
                    expected += 0.5 * (m[i] - p[i]) * (m[i] - p[i]);
                }
                expected /= p.length;
                try (Gradients g = model.gradients(batch, DjlFixtures.all(2, true))) {
                    assertThat(relative(g.loss(), expected)).isLessThan(1e-14);
                    assertThat(g.get(1).toDoubleArray()[0]).isNotZero();
                }
            }
        }
    }

    /** A block that owns a parameter its forward ignores. */
    private static final class IdleParameterBlock extends AbstractBlock {
        IdleParameterBlock() {
            addParameter(Parameter.builder().setName("unused").setType(Parameter.Type.BIAS)
                    .optShape(new Shape(2)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return inputs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    private static List<String> names(List<TensorInfo> infos) {
        return infos.stream().map(TensorInfo::name).toList();
    }

    private static void assertBitEqual(Map<String, HostTensor> actual, Map<String, HostTensor> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String name : expected.keySet()) {
            assertThat(actual.get(name).toDoubleArray()).as(name).containsExactly(expected.get(name).toDoubleArray());
        }
    }

    static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(1e-300, Math.max(Math.abs(a), Math.abs(b)));
    }
}
