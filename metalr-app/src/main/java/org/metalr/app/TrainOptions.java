package org.metalr.app;

import java.util.Locale;
import org.metalr.api.UserInputException;
import org.metalr.api.DType;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metalr.train.EvalSettings;
import org.metalr.train.TrainConfig;
import org.metalr.train.method.MetaLrOptions;
import picocli.CommandLine.Option;

/**
 * The fine-tuning settings every training command shares (the method is the command's own): learning
 * rates, MetaLR's rule, the optimizer, epochs, batches, element type. Defaults are the trainer's, the
 * paper's released setting (Adam with weight decay 1e-4, base rate 0.01 with the backbone at 0.1x, 20
 * epochs of batches of 32, float32) but for the rule: {@code cosine} (eta 0.1), the one the study supports,
 * where the trainer's builder keeps the released {@code official}. The rule's own settings (look-ahead,
 * signal, update, bounds, hold, meta-every) are the named rule's unless a flag is given; only the flags
 * the user gave travel to a {@code metalr:rule=NAME} spelling ({@link MetaLrOptions}), so that
 * {@code metalr:rule=official} is the released rule under the defaults.
 */
@HelpSection("Method and optimisation")
final class TrainOptions {

    /** The default rule of every command: the one the study supports. */
    static final String DEFAULT_RULE = "cosine";

    @Option(names = "--rule", description = "MetaLR's rule: paper, official, multiplicative or cosine"
            + " (multiplicative with the cosine signal) (default: ${DEFAULT-VALUE})", defaultValue = DEFAULT_RULE)
    String rule;

    @Option(names = "--lr", paramLabel = "LR", description = "the last group's initial rate (default: ${DEFAULT-VALUE})",
            defaultValue = "0.01")
    double lr;

    @Option(names = "--backbone-lr-scale", paramLabel = "S",
            description = "every other group starts at S*LR (default: ${DEFAULT-VALUE})", defaultValue = "0.1")
    double backboneLrScale;

    @Option(names = "--hyper-lr", paramLabel = "ETA", description = "MetaLR's hyper step size (default: ${DEFAULT-VALUE})",
            defaultValue = "0.1")
    double hyperLr;

    @Option(names = "--hold-last-epochs", paramLabel = "K",
            description = "MetaLR keeps the last group's rate for the first K epochs (default: 5 for official, else 0)")
    Integer holdLastEpochs;

    @Option(names = "--lookahead", paramLabel = "D", description = "what MetaLR's look-ahead steps along: gradient, or"
            + " optimizer (the real optimizer's update per unit rate) (default: the rule's)")
    String lookahead;

    @Option(names = "--hyper-normalize", paramLabel = "N", description = "MetaLR's signal per group: none (the"
            + " hypergradient) or cosine (of the validation gradient and the look-ahead's direction) (default: the"
            + " rule's)")
    String hyperNormalize;

    @Option(names = "--lr-bounds", paramLabel = "LO,HI", description = "MetaLR's bounds on every rate: rates (1e-6,1e-2)"
            + " or factors of each group's initial rate (0.01x,10x); HI may be none (default: the rule's)")
    String lrBounds;

    @Option(names = "--lr-update", paramLabel = "U", description = "MetaLR's update: additive, multiplicative or log"
            + " (lr * exp(-eta * signal)) (default: the rule's)")
    String lrUpdate;

    @Option(names = "--meta-every", paramLabel = "K", description = "MetaLR moves the rates on iterations 1, 1+K, 1+2K, ...,"
            + " plain steps between (default: the rule's, 1)")
    Integer metaEvery;

    @Option(names = "--optimizer", description = "sgd or adam (default: ${DEFAULT-VALUE})", defaultValue = "adam")
    String optimizer;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default: 0.9)")
    Double momentum;

    @Option(names = "--nesterov", description = "SGD with Nesterov momentum")
    boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "WD", description = "L2 weight decay (default: ${DEFAULT-VALUE})",
            defaultValue = "1e-4")
    double weightDecay;

    @Option(names = "--epochs", paramLabel = "E", description = "epochs (default: ${DEFAULT-VALUE})", defaultValue = "20")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "B", description = "training and meta-validation batch (default: ${DEFAULT-VALUE})",
            defaultValue = "32")
    int batchSize;

    @Option(names = "--eval-batch-size", paramLabel = "B",
            description = "validation and test batch: samples, or tiles of a volume (default: ${DEFAULT-VALUE}; one tile"
                    + " at a time for a network normalising with batch statistics, as Models Genesis' U-Net)",
            defaultValue = "64")
    int evalBatchSize;

    @Option(names = "--eval-every", paramLabel = "N",
            description = "validate after every N-th epoch and the last; the model is selected among them (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    int evalEvery;

    @Option(names = "--val-cases", paramLabel = "K",
            description = "segmentation: validate each epoch on the first K validation volumes, the last epoch on all"
                    + " (default: all)", defaultValue = "0")
    int valCases;

    @Option(names = "--eval-tile", paramLabel = "X,Y,Z",
            description = "segmentation: the evaluation tile, or auto (default: auto, per volume within --eval-memory)")
    String evalTile;

    @Option(names = "--eval-memory", paramLabel = "MiB",
            description = "segmentation: memory budget of one evaluation forward pass, sizes the auto tile (default: ${DEFAULT-VALUE})",
            defaultValue = "2048")
    long evalMemory;

    @Option(names = "--eval-skip-below", paramLabel = "V",
            description = "segmentation: skip tiles whose every input voxel is at or below V, predicting 0 there"
                    + " (default: off; can change results)")
    Double evalSkipBelow;

    @Option(names = "--max-iters", paramLabel = "T",
            description = "stop after T iterations counted from the run's start (resumes included), checkpointed (default: no limit)",
            defaultValue = "0")
    long maxIters;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "also checkpoint every N iterations (default: after each epoch and when stopping)", defaultValue = "0")
    int checkpointEvery;

    @Option(names = "--dtype", description = "float32 or float64 (default: ${DEFAULT-VALUE})", defaultValue = "float32")
    String dtype;

    /** The run's configuration with {@code method} and {@code seed}. */
    TrainConfig config(String method, long seed) {
        return TrainConfig.builder()
                .method(method)
                .epochs(epochs)
                .batchSize(batchSize)
                .evalBatchSize(evalBatchSize)
                .maxIters(maxIters)
                .lr(lr)
                .backboneLrScale(backboneLrScale)
                .optimizer(optimizer())
                .rule(rule(), ruleOptions())
                .seed(seed)
                .dtype(dtype(dtype))
                .checkpointEvery(checkpointEvery)
                .evaluation(new EvalSettings(evalEvery, valCases, autoTile(evalTile) ? List.of() : Triple.parse("--eval-tile",
                        evalTile), evalMemory, evalSkipBelow))
                .build();
    }

    /** Whether {@code --eval-tile} asks for the tile chosen per volume: not given, or {@code auto} as the help names it. */
    private static boolean autoTile(String evalTile) {
        return evalTile == null || evalTile.trim().equalsIgnoreCase("auto");
    }

    /** The named rule with the flags the user gave over it. */
    private LrRule rule() {
        String name = rule.toLowerCase(Locale.ROOT);
        if (!MetaLrOptions.RULES.contains(name)) {
            throw new UserInputException("--rule must be one of " + String.join(", ", MetaLrOptions.RULES) + ", got '"
                    + rule + "'");
        }
        if (!(hyperLr > 0 && Double.isFinite(hyperLr))) {
            throw new UserInputException("--hyper-lr must be positive and finite, got " + hyperLr);
        }
        if (holdLastEpochs != null && holdLastEpochs < 0) {
            throw new UserInputException("--hold-last-epochs must be >= 0, got " + holdLastEpochs);
        }
        LrRule r = LrRule.named(name, hyperLr);
        if (holdLastEpochs != null) {
            r = r.withHoldLastEpochs(holdLastEpochs);
        }
        r = given(r, "lookahead", lookahead, "lookahead");
        r = given(r, "normalize", hyperNormalize, "hyper-normalize");
        r = given(r, "update", lrUpdate, "lr-update");
        if (lrBounds != null) {
            r = MetaLrOptions.bounds(r, lrBounds, "lr-bounds");
        }
        return given(r, "every", metaEvery == null ? null : Integer.toString(metaEvery), "meta-every");
    }

    private static LrRule given(LrRule r, String option, String value, String flag) {
        return value == null ? r : MetaLrOptions.apply(r, option, value, flag).rule();
    }

    /**
     * The rule's options the user gave, as a spelling writes them: what a {@code metalr:rule=NAME} spelling
     * keeps (the eta travels anyway).
     */
    private Map<String, String> ruleOptions() {
        rule(); // checks the flags
        Map<String, String> out = new LinkedHashMap<>();
        if (holdLastEpochs != null) {
            out.put("hold", Integer.toString(holdLastEpochs));
        }
        putIf(out, "lookahead", lookahead);
        putIf(out, "normalize", hyperNormalize);
        putIf(out, "update", lrUpdate);
        if (lrBounds != null) {
            String[] bounds = lrBounds.split(",", -1); // LO,HI: rule() has read them
            out.put("floor", bounds[0]);
            out.put("ceiling", bounds[1]);
        }
        putIf(out, "every", metaEvery == null ? null : Integer.toString(metaEvery));
        return out;
    }

    private static void putIf(Map<String, String> out, String option, String value) {
        if (value != null) {
            out.put(option, value);
        }
    }

    private OptimizerConfig optimizer() {
        switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "adam":
                if (momentum != null || nesterov) {
                    throw new UserInputException("--momentum and --nesterov apply to --optimizer sgd");
                }
                return OptimizerConfig.Adam.withWeightDecay(weightDecay);
            case "sgd":
                return new OptimizerConfig.Sgd(momentum == null ? 0.9 : momentum, 0, nesterov, weightDecay);
            default:
                throw new UserInputException("--optimizer must be sgd or adam, got '" + optimizer + "'");
        }
    }

    /** {@code float32} or {@code float64}. */
    static DType dtype(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> throw new UserInputException("--dtype must be float32 or float64, got '" + name + "'");
        };
    }
}
