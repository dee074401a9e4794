package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;

/**
 * Closing, on every backend: models, gradients and updaters close idempotently, and every later call
 * on a closed object fails with {@link IllegalStateException}. Whether a gradient's tensors outlive
 * the model that made it is the binding's choice (its own tests say which); its loss does.
 */
class LifecycleTest {

    @EveryBackend
    void closeIsIdempotentAndEverythingAfterItFails(String backend) {
        for (DType dtype : DType.values()) {
            Differentiable model = Cases.model(backend, dtype);
            int n = model.parameters().size();
            Gradients g = model.gradients(Cases.batch(1), Cases.all(model, true));
            ParameterUpdater sgd = model.newUpdater(OptimizerConfig.Sgd.plain());
            ParameterUpdater adam = model.newUpdater(OptimizerConfig.Adam.withWeightDecay(0));
            adam.step(g, new double[n]);
            model.close();
            model.close();
            assertThatThrownBy(model::state).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(model::parameters).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(model::dtype).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> model.gradients(Cases.batch(1), new boolean[n]))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> model.forward(Cases.batch(1).inputs(), false))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> model.newUpdater(OptimizerConfig.Sgd.plain()))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> model.loadState(Map.of())).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> sgd.step(g, new double[n])).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(adam::state).isInstanceOf(IllegalStateException.class);
            assertThat(g.loss()).isFinite();
            g.close();
            g.close();
            assertThatThrownBy(g::loss).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> g.get(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> g.has(0)).isInstanceOf(IllegalStateException.class);
            sgd.close();
            sgd.close();
            adam.close();
            adam.close();
        }
    }
}
