package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metalr.conformance.Close.assertClose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.GroupLayout;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.StepReport;
import org.metalr.api.TensorInfo;
import org.metalr.core.MetaLrStep;

/** What one MetaLR iteration promises beyond its numbers, on every backend. */
class StepBehaviourTest {

    @EveryBackend
    void runsExactlyTwoForwardBackwardPassesPerIteration(String backend) {
        try (CountingModel model = new CountingModel(Cases.model(backend, DType.FLOAT32));
                MetaLrStep step = new MetaLrStep(model, Cases.NETWORK.groups(), Cases.initialLrs(),
                        LrRule.official(), OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            for (int t = 1; t <= 3; t++) {
                step.step(Cases.trainBatch(t), Cases.validationBatch(t), 1);
            }
            assertThat(model.trainingPasses).isEqualTo(3);
            assertThat(model.lookAheadPasses).isEqualTo(3);
        }
    }

    @EveryBackend
    void buffersEndAsTheTrainingPassLeavesThem(String backend) {
        try (Differentiable stepped = Cases.model(backend, DType.FLOAT64);
                Differentiable trainedOnce = Cases.model(backend, DType.FLOAT64);
                MetaLrStep step = new MetaLrStep(stepped, Cases.NETWORK.groups(), Cases.initialLrs(),
                        LrRule.paper(1e-3), OptimizerConfig.Sgd.plain())) {
            Map<String, HostTensor> before = stepped.state();
            step.step(Cases.trainBatch(1), Cases.validationBatch(1), 1);
            boolean[] all = new boolean[trainedOnce.parameters().size()];
            Arrays.fill(all, true);
            trainedOnce.gradients(Cases.trainBatch(1), all).close();

            Map<String, HostTensor> expected = trainedOnce.state();
            Map<String, HostTensor> actual = stepped.state();
            for (TensorInfo b : stepped.buffers()) {
                assertThat(actual.get(b.name()).toDoubleArray())
                        .as("buffer %s after one iteration", b.name())
                        .containsExactly(expected.get(b.name()).toDoubleArray());
                assertThat(actual.get(b.name()).toDoubleArray())
                        .as("buffer %s moved in the training pass", b.name())
                        .isNotEqualTo(before.get(b.name()).toDoubleArray());
            }
        }
    }

    @EveryBackend
    void frozenGroupsStayBitForBitAndKeepTheirRates(String backend) {
        List<ParamGroup> groups = new ArrayList<>(Cases.NETWORK.groups());
        groups.set(0, groups.get(0).withFrozen(true));
        groups.set(2, groups.get(2).withFrozen(true));
        try (Differentiable model = Cases.model(backend, DType.FLOAT64);
                MetaLrStep step = new MetaLrStep(model, groups, Cases.initialLrs(), LrRule.multiplicative(0.1),
                        OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            Map<String, HostTensor> before = model.state();
            StepReport last = null;
            for (int t = 1; t <= 5; t++) {
                last = step.step(Cases.trainBatch(t), Cases.validationBatch(t), 1);
            }
            Map<String, HostTensor> after = model.state();
            GroupLayout layout = GroupLayout.resolve(groups, model.parameters());
            for (int p = 0; p < model.parameters().size(); p++) {
                String name = model.parameters().get(p).name();
                double[] b = before.get(name).toDoubleArray();
                double[] a = after.get(name).toDoubleArray();
                if (layout.trainable(p)) {
                    assertThat(a).as("trained parameter %s moved", name).isNotEqualTo(b);
                } else {
                    assertThat(a).as("frozen parameter %s", name).containsExactly(b);
                }
            }
            assertThat(last.learningRates()[0]).isEqualTo(Cases.initialLrs()[0]);
            assertThat(last.learningRates()[2]).isEqualTo(Cases.initialLrs()[2]);
            assertThat(last.hypergradient()[0]).isZero();
            assertThat(last.hypergradient()[2]).isZero();
            assertThat(last.learningRates()[1]).isNotEqualTo(Cases.initialLrs()[1]);
        }
    }

    @EveryBackend
    void eachGroupMovesByItsOwnLearningRate(String backend) {
        // Rates 1000x apart: an implementation that applied one rate to all groups would fail here.
        double[] lrs = {1e-5, 1e-2, 1e-5, 1e-2};
        try (Differentiable model = Cases.model(backend, DType.FLOAT64);
                Differentiable probe = Cases.model(backend, DType.FLOAT64);
                MetaLrStep step = new MetaLrStep(model, Cases.NETWORK.groups(), lrs, LrRule.paper(1e-4),
                        OptimizerConfig.Sgd.plain())) {
            Map<String, HostTensor> before = model.state();
            StepReport report = step.step(Cases.trainBatch(1), Cases.validationBatch(1), 1);
            Map<String, HostTensor> after = model.state();
            GroupLayout layout = GroupLayout.resolve(Cases.NETWORK.groups(), model.parameters());
            double[] used = report.learningRates();
            assertThat(used[1] / used[0]).isBetween(100.0, 10000.0);
            try (Gradients g = probe.gradients(Cases.trainBatch(1), layout.trainableMask())) {
                for (int p = 0; p < model.parameters().size(); p++) {
                    String name = model.parameters().get(p).name();
                    double lr = used[layout.groupOf(p)];
                    double[] b = before.get(name).toDoubleArray();
                    double[] a = after.get(name).toDoubleArray();
                    double[] grad = g.get(p).toDoubleArray();
                    double[] expected = new double[b.length];
                    for (int i = 0; i < b.length; i++) {
                        expected[i] = b[i] - lr * grad[i];
                    }
                    assertClose(a, expected, 1e-12, 1e-15, "SGD update of " + name);
                }
            }
        }
    }

    @EveryBackend
    void ratesStayWithinTheRuleBounds(String backend) {
        for (LrRule rule : List.of(LrRule.paper(10.0), LrRule.multiplicative(1e3), LrRule.official().withHyperLr(1e3))) {
            try (Differentiable model = Cases.model(backend, DType.FLOAT64);
                    MetaLrStep step = new MetaLrStep(model, Cases.NETWORK.groups(), Cases.initialLrs(), rule,
                            OptimizerConfig.Sgd.plain())) {
                boolean hitBound = false;
                for (int t = 1; t <= 4; t++) {
                    for (double lr : step.step(Cases.trainBatch(t), Cases.validationBatch(t), 9).learningRates()) {
                        assertThat(lr).as(rule.name() + " rate").isBetween(rule.floor(), rule.ceiling());
                        hitBound |= lr == rule.floor() || lr == rule.ceiling();
                    }
                }
                assertThat(hitBound).as(rule.name() + " with a huge hyper step reaches a bound").isTrue();
            }
        }
    }

    @EveryBackend
    void officialRuleHoldsTheLastGroupThroughTheHoldEpochs(String backend) {
        LrRule rule = LrRule.official().withHoldLastEpochs(1);
        try (Differentiable model = Cases.model(backend, DType.FLOAT64);
                MetaLrStep step = new MetaLrStep(model, Cases.NETWORK.groups(), Cases.initialLrs(), rule,
                        OptimizerConfig.Adam.withWeightDecay(1e-4))) {
            int last = Cases.initialLrs().length - 1;
            for (int t = 1; t <= 3; t++) {
                assertThat(step.step(Cases.trainBatch(t), Cases.validationBatch(t), 1).learningRates()[last])
                        .isEqualTo(Cases.initialLrs()[last]);
            }
            assertThat(step.step(Cases.trainBatch(4), Cases.validationBatch(4), 2).learningRates()[last])
                    .isNotEqualTo(Cases.initialLrs()[last]);
        }
    }
}
