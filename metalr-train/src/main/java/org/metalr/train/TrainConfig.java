package org.metalr.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.DType;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.train.method.InvalidConfigException;
import org.metalr.train.method.MetaLr;
import org.metalr.train.method.MetaLrOptions;
import org.metalr.train.method.Method;
import org.metalr.train.method.MethodSettings;
import org.metalr.train.method.Methods;

/**
 * Every setting of one fine-tuning run, as one immutable value; written to {@code config.json} beside
 * the run's results ({@link #settings()}). Build it with {@link #builder()}, whose defaults are the
 * paper's released setting: MetaLR with the released code's rule ({@code official}), Adam with weight
 * decay 1e-4, base rate 0.01 with the backbone at 0.1x, 20 epochs of batches of 32, float32, seed 0.
 * The commands default to the rule the study supports ({@code cosine}) instead; the builder keeps the
 * released rule, which the golden and parity suites reproduce.
 *
 * @param method          the fine-tuning method, with its own settings (AutoLR's constants, ...)
 * @param epochs          epochs to train, at least 1
 * @param batchSize       training and meta-validation batch size
 * @param evalBatchSize   batch size of validation and test passes: samples, or tiles of a volume (no effect
 *                        on results; a network normalising with batch statistics in evaluation gets tiles one
 *                        at a time, see {@link VolumeInference})
 * @param maxIters        stop after this many iterations counted from the run's start, resumes
 *                        included, with a checkpoint to continue from; 0 for no limit
 * @param lr              base learning rate: the last group's, and the others' times {@code backboneLrScale}
 * @param backboneLrScale factor of every group's initial rate but the last's (the paper: 0.1)
 * @param optimizer       the real optimizer of every method
 * @param rule            MetaLR's rule: look-ahead, update, hyper step, bounds, hold of the last group, and
 *                        the options beyond the paper (a {@code metalr} spelling's options go over it)
 * @param ruleOptions     what the user set over the rule's named rule ({@link MethodSettings#ruleOptions}):
 *                        what a spelling's {@code rule=NAME} keeps of {@code rule}
 * @param seed            fixes data order and augmentation
 * @param dtype           element type of the model
 * @param checkpointEvery also checkpoint every this many iterations (0: only after each pass over the
 *                        training set and when stopping)
 * @param evaluation      when to validate and how to predict whole volumes
 */
public record TrainConfig(Method method, int epochs, int batchSize, int evalBatchSize, long maxIters, double lr,
        double backboneLrScale, OptimizerConfig optimizer, LrRule rule, Map<String, String> ruleOptions, long seed,
        DType dtype, int checkpointEvery, EvalSettings evaluation) {

    /** @throws InvalidConfigException naming the setting when a value is out of range */
    public TrainConfig {
        require(method != null, "method", "no method given; expected one of " + String.join(", ", Methods.forms()));
        require(epochs >= 1, "epochs", "must be at least 1, got " + epochs);
        require(batchSize >= 2, "batch-size", "must be at least 2, got " + batchSize + ": a batch of one has no"
                + " batch statistics, which BatchNorm needs in training mode");
        require(evalBatchSize >= 1, "eval-batch-size", "must be at least 1, got " + evalBatchSize);
        require(maxIters >= 0, "max-iters", "must be 0 (no limit) or positive, got " + maxIters);
        require(lr > 0 && Double.isFinite(lr), "lr", "must be positive and finite, got " + lr);
        require(backboneLrScale > 0 && Double.isFinite(backboneLrScale), "backbone-lr-scale",
                "must be positive and finite, got " + backboneLrScale);
        require(optimizer != null, "optimizer", "no optimizer given");
        require(rule != null, "rule", "no learning-rate rule given");
        ruleOptions = new MethodSettings(optimizer, rule, ruleOptions == null ? MetaLrOptions.given(rule) : ruleOptions)
                .ruleOptions(); // checked: they give the rule
        require(dtype != null, "dtype", "no dtype given");
        require(checkpointEvery >= 0, "checkpoint-every", "must be 0 (pass ends only) or positive, got " + checkpointEvery);
        require(evaluation != null, "eval-every", "no evaluation settings given");
    }

    private static void require(boolean ok, String setting, String problem) {
        if (!ok) {
            throw new InvalidConfigException(setting, problem);
        }
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.evalBatchSize = evalBatchSize;
        b.maxIters = maxIters;
        b.lr = lr;
        b.backboneLrScale = backboneLrScale;
        b.optimizer = optimizer;
        b.rule = rule;
        b.ruleOptions = ruleOptions;
        b.seed = seed;
        b.dtype = dtype;
        b.checkpointEvery = checkpointEvery;
        b.evaluation = evaluation;
        return b;
    }

    /**
     * The settings the method runs with: the run's optimizer and rule with the method's own options over
     * them ({@link Method#settings}).
     *
     * @throws InvalidConfigException naming the setting when the method's options do not fit the run's
     */
    public MethodSettings methodSettings() {
        return method.settings(new MethodSettings(optimizer, rule, ruleOptions));
    }

    /**
     * Every setting as plain JSON values, the {@code train} part of {@code config.json}: the method's
     * spelling, followed by its own settings ({@code methodOptions}) for a method that has them, the
     * optimizer and rule spelled out field by field.
     */
    public Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", method.spec());
        if (method.options() != null) {
            out.put("methodOptions", method.options());
        }
        out.put("epochs", epochs);
        out.put("batchSize", batchSize);
        out.put("evalBatchSize", evalBatchSize);
        out.put("maxIters", maxIters);
        out.put("lr", lr);
        out.put("backboneLrScale", backboneLrScale);
        Map<String, Object> opt = new LinkedHashMap<>();
        if (optimizer instanceof OptimizerConfig.Adam a) {
            opt.put("name", "adam");
            opt.put("beta1", a.beta1());
            opt.put("beta2", a.beta2());
            opt.put("eps", a.eps());
        } else {
            OptimizerConfig.Sgd s = (OptimizerConfig.Sgd) optimizer;
            opt.put("name", "sgd");
            opt.put("momentum", s.momentum());
            opt.put("dampening", s.dampening());
            opt.put("nesterov", s.nesterov());
        }
        opt.put("weightDecay", optimizer.weightDecay());
        out.put("optimizer", opt);
        LrRule rule = methodSettings().rule();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", rule.name());
        r.put("lookAhead", rule.lookAhead().name().toLowerCase(Locale.ROOT));
        r.put("update", rule.update().name().toLowerCase(Locale.ROOT));
        r.put("hyperLr", rule.hyperLr());
        r.put("floor", rule.floor());
        r.put("ceiling", Double.isInfinite(rule.ceiling()) ? "none" : rule.ceiling());
        r.put("holdLastEpochs", rule.holdLastEpochs());
        r.put("direction", rule.direction().name().toLowerCase(Locale.ROOT));
        r.put("normalize", rule.normalize().name().toLowerCase(Locale.ROOT));
        r.put("floorRelative", rule.floorRelative());
        r.put("ceilingRelative", rule.ceilingRelative());
        r.put("bounds", rule.spelledBounds());
        r.put("metaEvery", rule.metaEvery());
        out.put("rule", r);
        out.put("seed", seed);
        out.put("dtype", dtype.name().toLowerCase(Locale.ROOT));
        out.put("checkpointEvery", checkpointEvery);
        out.putAll(evaluation.settings());
        return out;
    }

    /** Builds a {@link TrainConfig}; every setter takes the value as the command line would. */
    public static final class Builder {
        private Method method = new MetaLr();
        private int epochs = 20;
        private int batchSize = 32;
        private int evalBatchSize = 64;
        private long maxIters;
        private double lr = 0.01;
        private double backboneLrScale = 0.1;
        private OptimizerConfig optimizer = OptimizerConfig.Adam.withWeightDecay(1e-4);
        private LrRule rule = LrRule.official();
        private Map<String, String> ruleOptions;
        private long seed;
        private DType dtype = DType.FLOAT32;
        private int checkpointEvery;
        private EvalSettings evaluation = EvalSettings.defaults();

        private Builder() {}

        public Builder method(Method value) {
            this.method = Objects.requireNonNull(value, "method");
            return this;
        }

        /** @throws InvalidConfigException naming {@code method} for an unknown spelling */
        public Builder method(String spec) {
            return method(Methods.parse(spec));
        }

        public Builder epochs(int value) {
            this.epochs = value;
            return this;
        }

        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        public Builder evalBatchSize(int value) {
            this.evalBatchSize = value;
            return this;
        }

        public Builder maxIters(long value) {
            this.maxIters = value;
            return this;
        }

        public Builder lr(double value) {
            this.lr = value;
            return this;
        }

        public Builder backboneLrScale(double value) {
            this.backboneLrScale = value;
            return this;
        }

        public Builder optimizer(OptimizerConfig value) {
            this.optimizer = value;
            return this;
        }

        /** The rule; what a spelling's {@code rule=NAME} keeps of it is where it differs from its named rule. */
        public Builder rule(LrRule value) {
            this.rule = value;
            this.ruleOptions = null;
            return this;
        }

        /**
         * The rule and what the user set over its named rule, option to value as a spelling writes them
         * ({@link MetaLrOptions}): what a spelling's {@code rule=NAME} keeps of it, even where a value equals
         * the named rule's own.
         */
        public Builder rule(LrRule value, Map<String, String> given) {
            this.rule = value;
            this.ruleOptions = Objects.requireNonNull(given, "given");
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder dtype(DType value) {
            this.dtype = value;
            return this;
        }

        public Builder checkpointEvery(int value) {
            this.checkpointEvery = value;
            return this;
        }

        public Builder evaluation(EvalSettings value) {
            this.evaluation = value;
            return this;
        }

        /** @throws InvalidConfigException naming the setting when a value is out of range */
        public TrainConfig build() {
            return new TrainConfig(method, epochs, batchSize, evalBatchSize, maxIters, lr, backboneLrScale, optimizer,
                    rule, ruleOptions, seed, dtype, checkpointEvery, evaluation);
        }
    }
}
