package org.metalr.bench;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.metalr.api.Backend;
import org.metalr.api.Batch;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;
import org.metalr.core.MetaLrStep;
import org.metalr.core.PlainStep;

/**
 * The training iterations the benchmark times. Every MetaLR variant uses the released code's real
 * optimizer (Adam, L2 weight decay 1e-4) and initial rates (1e-3 for the nine convolutional groups,
 * 1e-2 for the classifier), so each is compared with {@link #PLAIN_ADAM}.
 */
public enum StepKind {
    /** One forward+backward and a plain SGD update. */
    PLAIN_SGD("plain-sgd", "plain fine-tuning, SGD"),
    /** One forward+backward and an Adam update. */
    PLAIN_ADAM("plain-adam", "plain fine-tuning, Adam"),
    /** {@link MetaLrStep} under the paper's rule (eta 1e-5). */
    METALR_PAPER("metalr-paper", "MetaLR, paper rule, Adam"),
    /** {@link MetaLrStep} under the released code's rule. */
    METALR_OFFICIAL("metalr-official", "MetaLR, official rule, Adam"),
    /** {@link MetaLrStep} under the multiplicative rule (eta 0.1). */
    METALR_MULTIPLICATIVE("metalr-multiplicative", "MetaLR, multiplicative rule, Adam"),
    /** The official rule looking ahead along the real optimizer's update ({@code --lookahead optimizer}). */
    METALR_OPTIMIZER("metalr-optimizer", "MetaLR, official rule, optimizer look-ahead, Adam"),
    /** The official rule with hypergradient steps every 2 iterations; one run is one phase of 2 steps. */
    METALR_EVERY_2("metalr-every-2", "MetaLR, official rule, --meta-every 2, Adam"),
    /** Every 4 iterations: the amortised mode's target, at most 1.3x a plain step. */
    METALR_EVERY_4("metalr-every-4", "MetaLR, official rule, --meta-every 4, Adam"),
    /** Every 8 iterations. */
    METALR_EVERY_8("metalr-every-8", "MetaLR, official rule, --meta-every 8, Adam"),
    /** The released code's three-pass structure on the same backend: {@link ReleasedStructureStep}. */
    RELEASED_STRUCTURE("released-structure", "released code's 3-pass structure, official rule, Adam");

    /** The real optimizer of the released code. */
    static final OptimizerConfig ADAM = OptimizerConfig.Adam.withWeightDecay(1e-4);

    private final String id;
    private final String description;

    StepKind(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name on the command line and in reports. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Whether this step learns the learning rates (two or three passes per iteration). */
    public boolean learnsRates() {
        return this != PLAIN_SGD && this != PLAIN_ADAM;
    }

    /** The plain step with the same optimizer, which this one's cost is divided by. */
    public StepKind baseline() {
        return this == PLAIN_SGD ? PLAIN_SGD : PLAIN_ADAM;
    }

    /** The learning-rate rule of a MetaLR step. */
    LrRule rule() {
        switch (this) {
            case METALR_PAPER:
                return LrRule.paper(1e-5);
            case METALR_MULTIPLICATIVE:
                return LrRule.multiplicative(0.1);
            case METALR_OFFICIAL:
            case RELEASED_STRUCTURE:
                return LrRule.official();
            case METALR_OPTIMIZER:
                return LrRule.official().withDirection(LrRule.Direction.OPTIMIZER);
            case METALR_EVERY_2:
                return LrRule.official().withMetaEvery(2);
            case METALR_EVERY_4:
                return LrRule.official().withMetaEvery(4);
            case METALR_EVERY_8:
                return LrRule.official().withMetaEvery(8);
            default:
                throw new IllegalStateException(id + " learns no learning rates");
        }
    }

    /**
     * The step called {@code id}.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public static StepKind of(String id) {
        for (StepKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown step '" + id + "'; known: " + ids());
    }

    /** The known ids, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(StepKind::id).collect(Collectors.joining(", "));
    }

    /**
     * Builds this iteration on {@code backend}: a float32 model from the workload's seeded weights, a
     * training batch (seed 1) and a validation batch (seed 2). The caller owns the result.
     */
    public BenchIteration open(Backend backend, Workload workload) {
        Batch train = workload.batch(1);
        Batch validation = workload.batch(2);
        double[] lrs = initialRates(workload.network().groups().size());
        Differentiable model = backend.create(workload.network(), workload.initialState(), DType.FLOAT32);
        try {
            switch (this) {
                case PLAIN_SGD:
                case PLAIN_ADAM: {
                    OptimizerConfig optimizer = this == PLAIN_SGD ? OptimizerConfig.Sgd.plain() : ADAM;
                    PlainStep step = new PlainStep(model, workload.network().groups(), lrs, optimizer);
                    return owning(model, step, 1, () -> step.step(train));
                }
                case RELEASED_STRUCTURE: {
                    ReleasedStructureStep step = new ReleasedStructureStep(backend, workload.network(), model, lrs,
                            rule(), ADAM);
                    return owning(model, step, 1, () -> step.step(train, validation, 1).trainLoss());
                }
                default: {
                    // one run is one phase of metaEvery steps: the hypergradient step, then the plain ones
                    LrRule rule = rule();
                    MetaLrStep step = new MetaLrStep(model, workload.network().groups(), lrs, rule, ADAM);
                    return owning(model, step, rule.metaEvery(), () -> {
                        double loss = 0;
                        for (int k = 0; k < rule.metaEvery(); k++) {
                            loss = step.step(train, step.learnsAt(step.iteration() + 1) ? validation : null, 1).trainLoss();
                        }
                        return loss;
                    });
                }
            }
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** The released code's initial rates: 1e-3 for every group but the last (the classifier), 1e-2 for it. */
    static double[] initialRates(int groups) {
        double[] lrs = new double[groups];
        Arrays.fill(lrs, 1e-3);
        lrs[groups - 1] = 1e-2;
        return lrs;
    }

    /** The ids of {@code kinds}, for messages. */
    static String idsOf(List<StepKind> kinds) {
        return kinds.stream().map(StepKind::id).collect(Collectors.joining(","));
    }

    private interface Body {
        double run();
    }

    private static BenchIteration owning(Differentiable model, AutoCloseable step, int steps, Body body) {
        return new BenchIteration() {
            private boolean closed;

            @Override
            public int stepsPerRun() {
                return steps;
            }

            @Override
            public double run() {
                return body.run();
            }

            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    step.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the step failed", e);
                } finally {
                    model.close();
                }
            }
        };
    }
}
