package org.metalr.javacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Device;
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

/** A user's JavaCPP module fine-tuned through {@link CppModules}. */
class CppModulesTest {

    private static final double[] LRS = {2e-3, 3e-3, 8e-3};

    @Test
    void namesAreTorchsAndBatchNormStatisticsAreBuffers() {
        try (CppModuleFixtures.ConvNet net = CppModuleFixtures.net(DType.FLOAT64);
                Differentiable model = CppModuleFixtures.model(net, DType.FLOAT64, CppModuleFixtures.groups(), 1)) {
            assertThat(names(model.parameters())).containsExactly("conv1.weight", "bn1.weight", "bn1.bias",
                    "conv2.weight", "conv2.bias", "bn2.weight", "bn2.bias", "fc.weight", "fc.bias");
            assertThat(names(model.buffers())).containsExactly("bn1.running_mean", "bn1.running_var",
                    "bn1.num_batches_tracked", "bn2.running_mean", "bn2.running_var", "bn2.num_batches_tracked");
            assertThat(model.parameters()).isEqualTo(CppModuleFixtures.network().parameters());
            assertThat(CppModules.parameters(net)).isEqualTo(model.parameters());
            GroupLayout layout = GroupLayout.resolve(model.defaultGroups(), model.parameters());
            assertThat(layout.sumPerGroup(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1})).containsExactly(3, 4, 2);
        }
    }

    @Test
    void hypergradientMatchesCentralDifferencesOfTheValidationLoss() {
        Batch train = CppFixtures.batch(31);
        Batch val = CppFixtures.batch(32);
        for (LrRule rule : List.of(LrRule.paper(1e-3), LrRule.official())) {
            try (CppModuleFixtures.ConvNet net = CppModuleFixtures.net(DType.FLOAT64);
                    Differentiable model = CppModuleFixtures.model(net, DType.FLOAT64, CppModuleFixtures.groups(), 2)) {
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
                try (Gradients grads = model.gradients(train, CppFixtures.all(n, true))) {
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
                    assertThat(CppFixtures.maxRelDiff(new double[] {report.hypergradient()[j]}, new double[] {fd}))
                            .as("%s, group %d: %s vs %s", rule.name(), j, report.hypergradient()[j], fd)
                            .isLessThan(1e-6);
                }
            }
        }
    }

    private static double validationLoss(Differentiable model, Map<String, HostTensor> theta, GroupLayout layout,
            HostTensor[] g, double sign, int group, double delta, Batch val) {
        Map<String, HostTensor> displaced = new LinkedHashMap<>(theta);
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
        try (Gradients h = model.gradients(val, new boolean[g.length])) {
            return h.loss();
        } finally {
            model.loadState(theta);
        }
    }

    @Test
    void lookAheadLeavesParametersBuffersModeAndFlagsBitForBit() {
        try (CppModuleFixtures.ConvNet net = CppModuleFixtures.net(DType.FLOAT64);
                Differentiable model = CppModuleFixtures.model(net, DType.FLOAT64, CppModuleFixtures.groups(), 3)) {
            int n = model.parameters().size();
            net.bn1.eval(); // a user's mix of modes: the rest of the network stays in training mode
            net.fc.bias().requires_grad_(false);
            Map<String, HostTensor> before = model.state();
            double[] coefficient = new double[n];
            Arrays.fill(coefficient, 0.5);
            try (Gradients g = model.gradients(CppFixtures.batch(33), CppFixtures.all(n, true))) {
                Map<String, HostTensor> afterTraining = model.state();
                try (Gradients h = model.gradientsAt(CppFixtures.batch(34), g, coefficient,
                        CppFixtures.all(n, true))) {
                    assertThat(h.loss()).isNotEqualTo(g.loss());
                    assertThat(h.has(n - 1)).as("the module's own requires_grad flag does not decide").isTrue();
                }
                model.forward(CppFixtures.batch(35).inputs(), true);
                assertBitEqual(model.state(), afterTraining);
                for (TensorInfo p : model.parameters()) {
                    assertThat(afterTraining.get(p.name()).toDoubleArray()).as(p.name())
                            .containsExactly(before.get(p.name()).toDoubleArray());
                }
                for (TensorInfo b : model.buffers()) {
                    assertThat(afterTraining.get(b.name()).toDoubleArray()).as("the training pass moves %s", b.name())
                            .isNotEqualTo(before.get(b.name()).toDoubleArray());
                }
            }
            assertThat(net.bn1.is_training()).isFalse();
            assertThat(net.is_training()).isTrue();
            assertThat(net.bn2.is_training()).isTrue();
            assertThat(net.fc.bias().requires_grad()).isFalse();
            assertThat(net.fc.weight().requires_grad()).isTrue();
            assertThat(net.fc.weight().grad().defined()).as("no .grad stored on the module").isFalse();
        }
    }

    @Test
    void aFailedPassLeavesTheModuleAsItWas() {
        try (CppModuleFixtures.ConvNet net = CppModuleFixtures.net(DType.FLOAT64);
                Differentiable model = CppModuleFixtures.model(net, DType.FLOAT64, CppModuleFixtures.groups(), 4)) {
            Map<String, HostTensor> before = model.state();
            Batch good = CppFixtures.batch(36);
            Batch bad = new Batch(good.inputs(), new long[] {0, 1, 2, 7});
            int n = model.parameters().size();
            assertThatThrownBy(() -> model.gradients(bad, CppFixtures.all(n, true)))
                    .isInstanceOf(RuntimeException.class);
            assertBitEqual(model.state(), before);
            try (Gradients g = model.gradients(good, CppFixtures.all(n, true))) {
                Map<String, HostTensor> trained = model.state();
                assertThatThrownBy(() -> model.gradientsAt(bad, g, new double[n], CppFixtures.all(n, true)))
                        .isInstanceOf(RuntimeException.class);
                assertBitEqual(model.state(), trained);
            }
        }
    }

    @Test
    void runningStatisticsEndTheIterationAsTheTrainingPassLeavesThem() {
        Batch train = CppFixtures.batch(37);
        try (CppModuleFixtures.ConvNet net = CppModuleFixtures.net(DType.FLOAT64);
                CppModuleFixtures.ConvNet twinNet = CppModuleFixtures.net(DType.FLOAT64);
                Differentiable model = CppModuleFixtures.model(net, DType.FLOAT64, CppModuleFixtures.groups(), 5);
                Differentiable twin = CppModuleFixtures.model(twinNet, DType.FLOAT64, CppModuleFixtures.groups(), 5);
                MetaLrStep step = new MetaLrStep(model, model.defaultGroups(), LRS, LrRule.official(),
                        OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            step.step(train, CppFixtures.batch(38), 1);
            try (Gradients g = twin.gradients(train, CppFixtures.all(twin.parameters().size(), true))) {
                Map<String, HostTensor> expected = twin.state();
                Map<String, HostTensor> actual = model.state();
                for (TensorInfo b : model.buffers()) {
                    assertThat(actual.get(b.name()).toDoubleArray()).as(b.name())
                            .containsExactly(expected.get(b.name()).toDoubleArray());
                }
                assertThat(actual.get("bn1.num_batches_tracked").toLongArray()).containsExactly(1);
            }
        }
    }

    @Test
    void frozenGroupsOfTheRulesStayBitForBitUnderMetaLrAndPlainSteps() {
        List<ParamGroup> groups = GroupRules.parse("stem (frozen): conv1 bn1; body: /(conv2|bn2)\\..*/; head: fc");
        try (CppModuleFixtures.ConvNet net = CppModuleFixtures.net(DType.FLOAT32);
                Differentiable model = CppModuleFixtures.model(net, DType.FLOAT32, groups, 6)) {
            Map<String, HostTensor> before = model.state();
            try (MetaLrStep meta = new MetaLrStep(model, groups, LRS, LrRule.official(),
                    OptimizerConfig.Adam.withWeightDecay(1e-4));
                    PlainStep plain = new PlainStep(model, groups, LRS, new OptimizerConfig.Sgd(0.9, 0, false, 1e-4))) {
                for (int i = 0; i < 3; i++) {
                    StepReport r = meta.step(CppFixtures.batch(40 + i), CppFixtures.batch(50 + i), 1);
                    assertThat(r.hypergradient()[0]).isZero();
                    assertThat(r.learningRates()[0]).isEqualTo(LRS[0]);
                    plain.step(CppFixtures.batch(60 + i));
                }
                assertThat(meta.optimizerState().keySet()).noneMatch(k -> k.startsWith("conv1.") || k.startsWith("bn1."))
                        .contains("fc.bias.exp_avg", "fc.bias.step");
                assertThat(plain.optimizerState().keySet()).contains("conv2.weight.momentum_buffer")
                        .noneMatch(k -> k.startsWith("conv1."));
            }
            Map<String, HostTensor> after = model.state();
            for (String name : List.of("conv1.weight", "bn1.weight", "bn1.bias")) {
                assertThat(after.get(name).toFloatArray()).as(name).containsExactly(before.get(name).toFloatArray());
            }
            for (String name : List.of("conv2.weight", "fc.weight")) {
                assertThat(after.get(name).toFloatArray()).as(name).isNotEqualTo(before.get(name).toFloatArray());
            }
        }
    }

    @Test
    void theModuleKeepsItsTrainedWeightsAfterTheModelCloses() {
        Batch batch = CppFixtures.batch(39);
        try (CppModuleFixtures.ConvNet net = CppModuleFixtures.net(DType.FLOAT64)) {
            Map<String, HostTensor> trained;
            HostTensor logits;
            try (Differentiable model = CppModuleFixtures.model(net, DType.FLOAT64, CppModuleFixtures.groups(), 7);
                    PlainStep plain = new PlainStep(model, model.defaultGroups(), LRS, OptimizerConfig.Sgd.plain())) {
                plain.step(batch);
                trained = model.state();
                logits = model.forward(batch.inputs(), false);
            }
            double[] own = CppScopes.withoutGrad(() -> {
                net.eval();
                Tensor out = net.forward(CppHost.toTensor(batch.inputs(), DType.FLOAT64, Device.CPU));
                return CppHost.toDoubles(out.flatten());
            });
            assertThat(own).containsExactly(logits.toDoubleArray());
            assertThat(CppScopes.scoped(() -> CppHost.toDoubles(net.fc.bias())))
                    .containsExactly(trained.get("fc.bias").toDoubleArray());
        }
    }

    @Test
    void badModulesAndGroupsAreRefusedWithTheirNames() {
        try (CppModuleFixtures.ConvNet net = CppModuleFixtures.net(DType.FLOAT32)) {
            assertThatThrownBy(() -> CppModules.differentiable(net, net::forward, DType.FLOAT64,
                    CppModules.crossEntropy(), CppModuleFixtures.groups()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tensor 'conv1.weight' is Float, expected Double");
            assertThatThrownBy(() -> CppModules.differentiable(net, net::forward, DType.FLOAT32,
                    CppModules.crossEntropy(), GroupRules.parse("stem: conv1 bn1; head: fc")))
                    .hasMessageContaining("'conv2.weight' is in no group");
        }
    }

    @Test
    void aSegmentationBatchHandsTheLossItsMasks() {
        Batch images = CppFixtures.batch(90);
        int side = CppFixtures.SIZE;
        double[] m = new double[CppFixtures.BATCH * side * side];
        for (int i = 0; i < m.length; i++) {
            m[i] = (i * 7) % 3 == 0 ? 1 : 0;
        }
        Batch batch = Batch.segmentation(images.inputs(), HostTensor.of(m, CppFixtures.BATCH, 1, side, side));
        try (CppModuleFixtures.ConvNet net = CppModuleFixtures.net(DType.FLOAT64)) {
            Function<Tensor, Tensor> head = x -> torch.sigmoid(net.conv1.forward(x).sum(new long[] {1}, true,
                    new ScalarTypeOptional()));
            List<ParamGroup> groups = GroupRules.parse("used: conv1; unused (frozen): bn1 conv2 bn2 fc");
            try (Differentiable model = CppModules.differentiable(net, head, DType.FLOAT64, torch::mse_loss, groups)) {
                model.loadState(CppModuleFixtures.weights(9));
                double[] p = model.forward(batch.inputs(), true).toDoubleArray();
                double expected = 0;
                for (int i = 0; i < p.length; i++) {
                    expected += (p[i] - m[i]) * (p[i] - m[i]);
                }
                expected /= p.length;
                boolean[] trainable = new boolean[model.parameters().size()];
                trainable[0] = true;
                try (Gradients g = model.gradients(batch, trainable)) {
                    assertThat(CppFixtures.maxRelDiff(new double[] {g.loss()}, new double[] {expected})).isLessThan(1e-14);
                    assertThat(g.get(0).toDoubleArray()[0]).isNotZero();
                }
            }
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
}
