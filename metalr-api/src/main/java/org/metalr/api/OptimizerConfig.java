package org.metalr.api;

/**
 * The real optimizer that applies each iteration's update, with {@code torch.optim} semantics and one
 * learning rate per parameter group. Immutable values.
 */
public sealed interface OptimizerConfig {

    /** L2 weight decay, added to the gradient before the update (torch.optim's {@code weight_decay}). */
    double weightDecay();

    /**
     * {@code torch.optim.SGD}: {@code d = g + wd*p}; with momentum, {@code b = d} on the first step
     * and {@code b = momentum*b + (1-dampening)*d} after; {@code d = nesterov ? d + momentum*b : b};
     * {@code p -= lr*d}.
     */
    record Sgd(double momentum, double dampening, boolean nesterov, double weightDecay) implements OptimizerConfig {
        public Sgd {
            requireNonNegative(momentum, "momentum");
            requireNonNegative(dampening, "dampening");
            requireNonNegative(weightDecay, "weight decay");
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
            }
        }

        /** Plain SGD: no momentum, no weight decay. */
        public static Sgd plain() {
            return new Sgd(0, 0, false, 0);
        }
    }

    /**
     * {@code torch.optim.Adam} (not AdamW): {@code g' = g + wd*p}; {@code m = b1*m + (1-b1)*g'};
     * {@code v = b2*v + (1-b2)*g'^2}; {@code p -= lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)}, with
     * the moments kept when learning rates change.
     */
    record Adam(double beta1, double beta2, double eps, double weightDecay) implements OptimizerConfig {
        public Adam {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam betas must lie in [0, 1): " + beta1 + ", " + beta2);
            }
            if (!(eps > 0)) {
                throw new IllegalArgumentException("Adam eps must be positive: " + eps);
            }
            requireNonNegative(weightDecay, "weight decay");
        }

        /** torch's defaults (betas 0.9/0.999, eps 1e-8) with the given weight decay. */
        public static Adam withWeightDecay(double weightDecay) {
            return new Adam(0.9, 0.999, 1e-8, weightDecay);
        }
    }

    private static void requireNonNegative(double v, String what) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0: " + v);
        }
    }
}
