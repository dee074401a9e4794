package org.metalr.data.synthetic;

import org.metalr.data.SeededRandom;

/**
 * The source domain: a coloured shape with faint diagonal stripes at a random place and size, over a
 * background of low-frequency colour noise around a random base colour. Natural-image-like low-level
 * statistics (colour, smooth gradients, sharp anti-aliased edges) for pre-training a backbone.
 */
final class ShapeRenderer {

    /** Source classes, in the order of their generation keys. */
    static final String[] CLASSES = {"disc", "square", "triangle", "cross", "ring"};

    private ShapeRenderer() {
    }

    /** A {@code [3, size, size]} image in [0, 1] of shape class {@code shape}. */
    static float[] render(int shape, int size, SeededRandom rng) {
        float[] base = {(float) rng.uniform(0.2, 0.8), (float) rng.uniform(0.2, 0.8), (float) rng.uniform(0.2, 0.8)};
        float[] colour = new float[3];
        // Redraw colours too close to the background so every shape stays visible.
        for (int tries = 0; tries < 8; tries++) {
            for (int c = 0; c < 3; c++) {
                colour[c] = (float) rng.nextDouble();
            }
            if (Math.abs(colour[0] - base[0]) + Math.abs(colour[1] - base[1]) + Math.abs(colour[2] - base[2]) > 0.45) {
                break;
            }
        }
        double cx = rng.uniform(0.3, 0.7) * size;
        double cy = rng.uniform(0.3, 0.7) * size;
        double radius = rng.uniform(0.15, 0.3) * size;
        double angle = rng.uniform(0, 2 * Math.PI);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double period = rng.uniform(4, 8) * size / 64.0;
        double phase = rng.uniform(0, 2 * Math.PI);
        float[][] noise = {
            LowFrequencyNoise.field(size, 5, rng), LowFrequencyNoise.field(size, 5, rng), LowFrequencyNoise.field(size, 5, rng)
        };
        // Stripes depend on x + y only: one sine per diagonal.
        float[] stripes = new float[2 * size - 1];
        for (int k = 0; k < stripes.length; k++) {
            stripes[k] = (float) (1 + 0.08 * Math.sin(2 * Math.PI * k / period + phase));
        }
        int plane = size * size;
        float[] out = new float[3 * plane];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double px = x + 0.5 - cx;
                double py = y + 0.5 - cy;
                double u = cos * px + sin * py;
                double v = -sin * px + cos * py;
                double d = distance(shape, u, v, radius);
                float cover = (float) Math.min(1, Math.max(0, 0.5 - d));
                float stripe = stripes[x + y];
                int i = y * size + x;
                for (int c = 0; c < 3; c++) {
                    float background = base[c] + 0.15f * noise[c][i];
                    out[c * plane + i] = background * (1 - cover) + colour[c] * stripe * cover;
                }
            }
        }
        return out;
    }

    /** Signed distance in pixels to the shape's outline (negative inside), in shape coordinates. */
    static double distance(int shape, double u, double v, double r) {
        switch (shape) {
            case 0:
                return Math.sqrt(u * u + v * v) - r;
            case 1:
                return Math.max(Math.abs(u), Math.abs(v)) - 0.85 * r;
            case 2: {
                double d = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < 3; k++) {
                    double a = Math.PI / 2 + k * 2 * Math.PI / 3;
                    d = Math.max(d, u * Math.cos(a) + v * Math.sin(a));
                }
                return d - 0.5 * r;
            }
            case 3: {
                double w = 0.3 * r;
                double horizontal = Math.max(Math.abs(u) - r, Math.abs(v) - w);
                double vertical = Math.max(Math.abs(u) - w, Math.abs(v) - r);
                return Math.min(horizontal, vertical);
            }
            case 4:
                return Math.abs(Math.sqrt(u * u + v * v) - 0.775 * r) - 0.225 * r;
            default:
                throw new IllegalArgumentException("no shape " + shape);
        }
    }
}
