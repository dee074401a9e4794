package org.metalr.train.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParamGroup;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;

/** AutoLR's run on a model: see {@link AutoLr} for what it does and where it departs from the authors' code. */
final class AutoLrRun extends PlainRun {

    /** Name prefix of the epoch's starting weights among {@link #tensors()}. */
    private static final String EPOCH_START = "epoch_start/";

    private final Differentiable model;
    private final AutoLrSettings settings;
    private final List<List<String>> weightsOfGroup;
    private double threshold;
    private int trial = 1;
    private double[] targets;
    private final List<AutoLrState.Trial> trials = new ArrayList<>();
    private Map<String, HostTensor> epochStart;

    AutoLrRun(Differentiable model, Network network, GroupPlan plan, OptimizerConfig optimizer, AutoLrSettings settings) {
        super(model, plan, optimizer);
        this.model = model;
        this.settings = settings;
        this.threshold = settings.threshold();
        this.weightsOfGroup = weights(network, plan.groups(), model.parameters());
    }

    /**
     * Per group, the names of the weights whose variation is measured: its convolution weights, else
     * its linear weights, else all its parameters. {@code network} is null for a user-supplied model.
     */
    private static List<List<String>> weights(Network network, List<ParamGroup> groups, List<TensorInfo> parameters) {
        List<List<String>> out = new ArrayList<>();
        for (ParamGroup g : groups) {
            List<String> conv = new ArrayList<>();
            List<String> linear = new ArrayList<>();
            if (network != null) {
                for (Layer leaf : network.leaves()) {
                    if (leaf instanceof Layer.Conv c && g.contains(c.name() + ".weight")) {
                        conv.add(c.name() + ".weight");
                    } else if (leaf instanceof Layer.Linear l && g.contains(l.name() + ".weight")) {
                        linear.add(l.name() + ".weight");
                    }
                }
            } else {
                // A user-supplied model has no description: a convolution weight is a tensor of rank
                // 3 or more, a linear weight one of rank 2.
                for (TensorInfo p : parameters) {
                    if (g.contains(p.name())) {
                        int rank = p.shape().length;
                        (rank >= 3 ? conv : rank == 2 ? linear : new ArrayList<String>()).add(p.name());
                    }
                }
            }
            List<String> chosen = !conv.isEmpty() ? conv : linear;
            if (chosen.isEmpty()) {
                for (TensorInfo p : parameters) {
                    if (g.contains(p.name())) {
                        chosen.add(p.name());
                    }
                }
            }
            out.add(List.copyOf(chosen));
        }
        return out;
    }

    @Override
    public void beginEpoch(int epoch) {
        if (epoch >= 2 && threshold > settings.thresholdFloor()) {
            threshold *= settings.thresholdDecay();
        }
        epochStart = model.state();
        trial = 1;
        targets = null;
        step.loadOptimizerState(Map.of());
    }

    @Override
    public boolean endEpoch(int epoch) {
        if (epochStart == null) {
            throw new IllegalStateException("endEpoch before beginEpoch");
        }
        Map<String, HostTensor> now = model.state();
        int d = plan().groups().size();
        double[] variations = new double[d];
        for (int j = 0; j < d; j++) {
            List<HostTensor> a = new ArrayList<>();
            List<HostTensor> b = new ArrayList<>();
            for (String w : weightsOfGroup.get(j)) {
                a.add(now.get(w));
                b.add(epochStart.get(w));
            }
            variations[j] = AutoLrRule.variation(a, b);
        }
        double[] blocks = Arrays.copyOfRange(variations, 1, d - 1);
        double score = AutoLrRule.score(blocks);
        boolean accepted = score >= threshold || trial >= settings.maxTrials();
        double[] rates = step.learningRates();
        trials.add(new AutoLrState.Trial(epoch, trial, threshold, score, accepted, variations, rates));
        if (accepted) {
            return true;
        }
        if (targets == null) {
            targets = epoch == 1
                    ? AutoLrRule.rampTargets(blocks, settings.lowTargetFactor(), settings.highTargetFactor())
                    : AutoLrRule.monotoneTargets(blocks);
        }
        double[] adjusted = AutoLrRule.adjustedRates(Arrays.copyOfRange(rates, 1, d - 1), blocks, targets);
        double[] next = new double[d];
        System.arraycopy(adjusted, 0, next, 1, d - 2);
        next[0] = adjusted[0] * settings.stemFactor();
        next[d - 1] = plan().initialLrs()[d - 1];
        model.loadState(epochStart);
        step.loadOptimizerState(Map.of());
        step.restore(next, step.iteration());
        trial++;
        return false;
    }

    @Override
    protected AutoLrState ownState() {
        return new AutoLrState(threshold, trial, targets, trials);
    }

    /** The optimizer's state and, once an epoch has begun, its starting weights under {@value #EPOCH_START}. */
    @Override
    public Map<String, HostTensor> tensors() {
        Map<String, HostTensor> out = super.tensors();
        if (epochStart != null) {
            Prefixed.add(out, EPOCH_START, epochStart);
        }
        return out;
    }

    @Override
    public void restore(MethodState state, Map<String, HostTensor> tensors) {
        AutoLrState s = state.own(AutoLrState.class);
        Prefixed.requireOnly(tensors, OPTIMIZER, EPOCH_START);
        Map<String, HostTensor> start = Prefixed.under(tensors, EPOCH_START);
        restoreStep(state, tensors);
        threshold = s.threshold();
        trial = s.trial();
        targets = s.targets();
        trials.clear();
        trials.addAll(s.trials());
        epochStart = start.isEmpty() ? null : start;
    }
}
