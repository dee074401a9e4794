package org.metalr.train.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.GroupRules;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.javacpp.CppModules;
import org.metalr.libtorch.SharedLibTorch;
import org.metalr.train.UserNets;

/**
 * Every method runs on a model the user built with LibTorch's own modules (no network description):
 * the groups the method freezes stay bit-for-bit unchanged, the others move, and AutoLR measures the
 * convolution weights it finds by rank.
 */
class UserModelMethodsTest {

    private static final List<ParamGroup> GROUPS = GroupRules.parse(UserNets.CppNet.GROUPS);

    @ParameterizedTest
    @ValueSource(strings = {"last", "all", "layerwise:1", "bidir:2-2", "llrd:0.5", "autolr", "metalr"})
    void everyMethodTrainsAUserModule(String spec) {
        SharedLibTorch.load();
        UserNets.CppNet net = new UserNets.CppNet(3);
        net.to(ScalarType.Double, false);
        Method method = Methods.parse(spec);
        MethodSettings settings = new MethodSettings(OptimizerConfig.Adam.withWeightDecay(1e-4),
                LrRule.official().withHoldLastEpochs(0));
        try (Differentiable model = CppModules.differentiable(net, net::forward, DType.FLOAT64,
                CppModules.crossEntropy(), GROUPS)) {
            GroupPlan plan = method.plan(GROUPS, List.of(), 1e-2, 0.1);
            Map<String, HostTensor> before = model.state();
            try (MethodRun run = method.start(model, null, plan, settings)) {
                run.beginEpoch(1);
                for (int t = 0; t < 3; t++) {
                    Batch validation = batch(100 + t);
                    run.step(batch(t), () -> validation, 1);
                }
                run.endEpoch(1);
            }
            Map<String, HostTensor> after = model.state();
            for (int p = 0; p < model.parameters().size(); p++) {
                String name = model.parameters().get(p).name();
                boolean frozen = plan.groups().stream().filter(g -> g.contains(name)).findFirst().orElseThrow().frozen();
                if (frozen) {
                    assertThat(after.get(name).toDoubleArray()).as("%s: frozen %s", spec, name)
                            .containsExactly(before.get(name).toDoubleArray());
                } else {
                    assertThat(after.get(name).toDoubleArray()).as("%s: trained %s", spec, name)
                            .isNotEqualTo(before.get(name).toDoubleArray());
                }
            }
        } finally {
            net.close();
        }
    }

    private static Batch batch(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[4 * 3 * 8 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        return new Batch(HostTensor.of(x, 4, 3, 8, 8), new long[] {0, 1, 2, rnd.nextInt(3)});
    }
}
