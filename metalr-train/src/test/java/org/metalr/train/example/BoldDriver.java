package org.metalr.train.example;

import java.util.List;
import java.util.function.Supplier;
import org.metalr.api.Batch;
import org.metalr.api.DepthOrder;
import org.metalr.api.Differentiable;
import org.metalr.api.ParamGroup;
import org.metalr.api.net.Network;
import org.metalr.train.method.GroupPlan;
import org.metalr.train.method.InvalidConfigException;
import org.metalr.train.method.IterationResult;
import org.metalr.train.method.Method;
import org.metalr.train.method.MethodKind;
import org.metalr.train.method.MethodRun;
import org.metalr.train.method.MethodSettings;
import org.metalr.train.method.MethodState;
import org.metalr.train.method.Methods;
import org.metalr.train.method.PlainRun;

/**
 * {@code bold-driver[:UP:DOWN]}: the "bold driver" heuristic (Vogl et al. 1988, Battiti 1989) over plain
 * fine-tuning. Every group trains from the standard rates; after each epoch whose mean training loss
 * fell below the previous epoch's, every rate is multiplied by {@code UP} (default 1.1), after one whose
 * loss did not, by {@code DOWN} (default 0.5). Its own state (the previous epoch's mean loss, this
 * epoch's running sum and count) goes into checkpoints, so a run stopped mid-epoch resumes exactly.
 *
 * <p>The whole method is this class and one line in
 * {@code META-INF/services/org.metalr.train.method.MethodKind}: {@code org.metalr.train.example.BoldDriver$Kind}.
 *
 * @param up   factor after an epoch that lowered the loss, positive
 * @param down factor after one that did not, positive
 */
public record BoldDriver(double up, double down) implements Method {

    public BoldDriver {
        if (!(up > 0 && down > 0 && Double.isFinite(up) && Double.isFinite(down))) {
            throw new InvalidConfigException("method", "bold-driver's factors must be positive, got " + up + " and " + down);
        }
    }

    @Override
    public String spec() {
        return up == 1.1 && down == 0.5 ? "bold-driver" : "bold-driver:" + up + ":" + down;
    }

    @Override
    public GroupPlan plan(List<ParamGroup> groups, List<DepthOrder> readings, double lr, double backboneScale) {
        return GroupPlan.standard(groups, lr, backboneScale);
    }

    @Override
    public MethodRun start(Differentiable model, Network network, GroupPlan plan, MethodSettings settings) {
        return new Run(model, plan, settings);
    }

    /** What the method keeps between iterations. */
    public record State(double previousLoss, double lossSum, long count) {}

    private final class Run extends PlainRun {
        private double previousLoss = Double.NaN;
        private double lossSum;
        private long count;

        Run(Differentiable model, GroupPlan plan, MethodSettings settings) {
            super(model, plan, settings.optimizer());
        }

        @Override
        public IterationResult step(Batch train, Supplier<Batch> metaValidation, int epoch) {
            IterationResult r = super.step(train, metaValidation, epoch);
            lossSum += r.trainLoss();
            count++;
            return r;
        }

        @Override
        public boolean endEpoch(int epoch) {
            double loss = lossSum / count;
            if (!Double.isNaN(previousLoss)) {
                double factor = loss < previousLoss ? up : down;
                double[] rates = step.learningRates();
                for (int j = 0; j < rates.length; j++) {
                    rates[j] *= factor;
                }
                step.restore(rates, step.iteration());
            }
            previousLoss = loss;
            lossSum = 0;
            count = 0;
            return true;
        }

        @Override
        protected State ownState() {
            return new State(previousLoss, lossSum, count);
        }

        @Override
        protected void restoreOwnState(MethodState state) {
            State s = state.own(State.class);
            previousLoss = s.previousLoss();
            lossSum = s.lossSum();
            count = s.count();
        }
    }

    /** The registry's entry. */
    public static final class Kind extends MethodKind.Base {
        public Kind() {
            super("bold-driver", 90, "rates x UP after an epoch that lowered the training loss, x DOWN after one"
                    + " that did not", "bold-driver", "bold-driver:UP:DOWN");
        }

        @Override
        public Method parse(String spec) {
            String[] parts = spec.split(":", -1);
            try {
                if (parts.length == 1) {
                    return new BoldDriver(1.1, 0.5);
                } else if (parts.length == 3) {
                    return new BoldDriver(Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
                }
            } catch (NumberFormatException e) {
                // malformed, below
            }
            throw Methods.malformed(spec);
        }
    }
}
