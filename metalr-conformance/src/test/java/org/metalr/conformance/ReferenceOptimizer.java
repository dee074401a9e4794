package org.metalr.conformance;

import org.metalr.api.OptimizerConfig;

/**
 * torch.optim's SGD and Adam on one flat float64 array, written from the PyTorch documentation's
 * pseudo-code, as the independent reference for the backends' updaters.
 */
final class ReferenceOptimizer {

    private final OptimizerConfig config;
    private double[] buffer;
    private double[] m;
    private double[] v;
    private int steps;

    ReferenceOptimizer(OptimizerConfig config) {
        this.config = config;
    }

    /**
     * What the next {@link #step} would subtract per unit rate, state untouched: the formulas of
     * torch.optim's step with the moments or buffer it would make.
     */
    double[] direction(double[] p, double[] grad) {
        int t = steps + 1;
        double[] d = grad.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] += config.weightDecay() * p[i];
        }
        if (config instanceof OptimizerConfig.Sgd sgd) {
            if (sgd.momentum() != 0) {
                for (int i = 0; i < d.length; i++) {
                    double buf = buffer == null ? d[i] : sgd.momentum() * buffer[i] + (1 - sgd.dampening()) * d[i];
                    d[i] = sgd.nesterov() ? d[i] + sgd.momentum() * buf : buf;
                }
            }
            return d;
        }
        OptimizerConfig.Adam adam = (OptimizerConfig.Adam) config;
        double bc1 = 1 - Math.pow(adam.beta1(), t);
        double bc2 = 1 - Math.pow(adam.beta2(), t);
        for (int i = 0; i < d.length; i++) {
            double mi = adam.beta1() * (m == null ? 0 : m[i]) + (1 - adam.beta1()) * d[i];
            double vi = adam.beta2() * (v == null ? 0 : v[i]) + (1 - adam.beta2()) * d[i] * d[i];
            d[i] = (mi / bc1) / (Math.sqrt(vi / bc2) + adam.eps());
        }
        return d;
    }

    void step(double[] p, double[] grad, double lr) {
        steps++;
        double[] d = grad.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] += config.weightDecay() * p[i];
        }
        if (config instanceof OptimizerConfig.Sgd sgd) {
            if (sgd.momentum() != 0) {
                if (buffer == null) {
                    buffer = d.clone();
                } else {
                    for (int i = 0; i < d.length; i++) {
                        buffer[i] = sgd.momentum() * buffer[i] + (1 - sgd.dampening()) * d[i];
                    }
                }
                for (int i = 0; i < d.length; i++) {
                    d[i] = sgd.nesterov() ? d[i] + sgd.momentum() * buffer[i] : buffer[i];
                }
            }
            for (int i = 0; i < p.length; i++) {
                p[i] -= lr * d[i];
            }
        } else if (config instanceof OptimizerConfig.Adam adam) {
            if (m == null) {
                m = new double[p.length];
                v = new double[p.length];
            }
            double bc1 = 1 - Math.pow(adam.beta1(), steps);
            double bc2 = 1 - Math.pow(adam.beta2(), steps);
            for (int i = 0; i < p.length; i++) {
                m[i] = adam.beta1() * m[i] + (1 - adam.beta1()) * d[i];
                v[i] = adam.beta2() * v[i] + (1 - adam.beta2()) * d[i] * d[i];
                double mHat = m[i] / bc1;
                double vHat = v[i] / bc2;
                p[i] -= lr * mHat / (Math.sqrt(vHat) + adam.eps());
            }
        }
    }
}
