package org.metalr.data.synthetic;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.metalr.data.SeededRandom;

/**
 * The target domain, ultrasound-like and grey: a fan-shaped field of view opening downwards from a
 * point just above the top edge, tissue of brightness 0.5 with low-frequency variation, attenuated
 * with depth, under multiplicative Rayleigh speckle, black outside the fan. Three classes shaped like
 * BUSI's:
 * <ul>
 *   <li>normal: no lesion;</li>
 *   <li>benign: a smooth oval, wider than tall, 75% darker, with a sharp border;</li>
 *   <li>malignant: an irregular lobulated lesion, 75% darker, with a blurred border and a posterior
 *       acoustic shadow (the beam behind it at 55% brightness).</li>
 * </ul>
 * All lengths are fractions of the image size.
 */
final class UltrasoundRenderer {

    /** Target classes, in the order of their generation keys. */
    static final String[] CLASSES = {"normal", "benign", "malignant"};

    static final int NORMAL = 0;
    static final int BENIGN = 1;
    static final int MALIGNANT = 2;

    private static final double APEX_Y = -0.05;
    private static final double HALF_ANGLE = 0.6;
    private static final double R_MIN = 0.15;
    private static final double R_MAX = 1.05;
    private static final double SPECKLE_SIGMA = 0.8;

    private UltrasoundRenderer() {
    }

    /** A {@code [1, size, size]} image in [0, 1] of class {@code lesionClass}. */
    static float[] render(int lesionClass, int size, SeededRandom rng) {
        float[] variation = LowFrequencyNoise.field(size, 6, rng);
        Lesion lesion = lesionClass == NORMAL ? null : Lesion.draw(lesionClass, rng);
        Fan fan = Fan.of(size);
        float[] out = new float[size * size];
        for (int i = 0; i < out.length; i++) {
            double u1 = rng.nextDouble();
            if (fan.weight[i] <= 0) {
                continue;
            }
            double tissue = 0.5 * (1 + 0.3 * variation[i]) * fan.gain[i];
            if (lesion != null) {
                int y = i / size;
                int x = i % size;
                double fx = (x + 0.5) / size - 0.5;
                double fy = (y + 0.5) / size - APEX_Y;
                tissue *= lesion.attenuation(fx, fy, fan.radius[i], fan.angle[i]);
            }
            double speckle = SPECKLE_SIGMA * Math.sqrt(-2 * Math.log(1 - u1));
            out[i] = (float) clamp(tissue * speckle * fan.weight[i]);
        }
        return out;
    }

    /** The fan's geometry, the same for every image of a size: computed once. */
    private static final class Fan {
        private static final Map<Integer, Fan> BY_SIZE = new ConcurrentHashMap<>();

        final double[] radius;
        final double[] angle;
        final double[] weight;
        final double[] gain;

        private Fan(int size) {
            int n = size * size;
            radius = new double[n];
            angle = new double[n];
            weight = new double[n];
            gain = new double[n];
            double px = 1.0 / size;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = y * size + x;
                    double fx = (x + 0.5) / size - 0.5;
                    double fy = (y + 0.5) / size - APEX_Y;
                    double r = Math.sqrt(fx * fx + fy * fy);
                    double theta = Math.atan2(fx, fy);
                    radius[i] = r;
                    angle[i] = theta;
                    // Soft one-pixel edges keep the fan's outline free of staircase artefacts.
                    weight[i] = clamp((HALF_ANGLE - Math.abs(theta)) * r / px + 0.5)
                            * clamp((r - R_MIN) / px + 0.5) * clamp((R_MAX - r) / px + 0.5);
                    gain[i] = Math.exp(-1.2 * (r - R_MIN));
                }
            }
        }

        static Fan of(int size) {
            return BY_SIZE.computeIfAbsent(size, Fan::new);
        }
    }

    private static double clamp(double v) {
        return Math.min(1, Math.max(0, v));
    }

    private static double logistic(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** A lesion in image-fraction coordinates relative to the apex. */
    private static final class Lesion {
        final boolean malignant;
        final double cx;
        final double cy;
        final double radius;
        final double rotation;
        final int lobes1;
        final int lobes2;
        final double phase1;
        final double phase2;
        final double centreR;
        final double centreTheta;

        private Lesion(int kind, SeededRandom rng) {
            malignant = kind == MALIGNANT;
            centreR = rng.uniform(0.4, 0.72);
            centreTheta = rng.uniform(-0.3, 0.3);
            cx = centreR * Math.sin(centreTheta);
            cy = centreR * Math.cos(centreTheta);
            radius = rng.uniform(0.10, 0.17);
            rotation = rng.uniform(-0.3, 0.3);
            lobes1 = 5 + rng.nextInt(5);
            lobes2 = 5 + rng.nextInt(5);
            phase1 = rng.uniform(0, 2 * Math.PI);
            phase2 = rng.uniform(0, 2 * Math.PI);
        }

        static Lesion draw(int kind, SeededRandom rng) {
            return new Lesion(kind, rng);
        }

        /** Factor on tissue brightness at a point: darkening inside the lesion, shadow behind it. */
        double attenuation(double fx, double fy, double r, double theta) {
            double dx = fx - cx;
            double dy = fy - cy;
            double inside;
            if (malignant) {
                double phi = Math.atan2(dy, dx);
                double boundary = radius * (1 + 0.35 * Math.sin(lobes1 * phi + phase1) + 0.15 * Math.sin(lobes2 * phi + phase2));
                inside = logistic((boundary - Math.sqrt(dx * dx + dy * dy)) / 0.04);
            } else {
                double c = Math.cos(rotation);
                double s = Math.sin(rotation);
                double u = c * dx + s * dy;
                double v = -s * dx + c * dy;
                double a = radius * Math.sqrt(1.4);
                double b = radius / Math.sqrt(1.4);
                double rho = Math.sqrt((u / a) * (u / a) + (v / b) * (v / b));
                inside = logistic((1 - rho) * radius / 0.01);
            }
            double factor = 1 - 0.75 * inside;
            if (malignant) {
                double halfWidth = Math.asin(Math.min(1, 0.8 * radius / centreR));
                double across = logistic((halfWidth - Math.abs(theta - centreTheta)) * centreR / 0.02);
                double behind = logistic((r - centreR) / 0.03);
                factor *= 1 - 0.45 * across * behind * (1 - inside);
            }
            return factor;
        }
    }
}
