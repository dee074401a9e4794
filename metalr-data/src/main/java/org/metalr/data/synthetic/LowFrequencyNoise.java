package org.metalr.data.synthetic;

import org.metalr.data.SeededRandom;

/** Smooth noise: a coarse grid of uniform values in [-1, 1], upsampled bilinearly to the image. */
final class LowFrequencyNoise {

    private LowFrequencyNoise() {
    }

    /** A {@code size x size} field, row-major, from a {@code grid x grid} lattice. */
    static float[] field(int size, int grid, SeededRandom rng) {
        float[] lattice = new float[grid * grid];
        for (int i = 0; i < lattice.length; i++) {
            lattice[i] = (float) rng.uniform(-1, 1);
        }
        float[] out = new float[size * size];
        float step = (grid - 1) / (float) Math.max(1, size - 1);
        for (int y = 0; y < size; y++) {
            float gy = y * step;
            int y0 = Math.min((int) gy, grid - 2);
            float fy = gy - y0;
            for (int x = 0; x < size; x++) {
                float gx = x * step;
                int x0 = Math.min((int) gx, grid - 2);
                float fx = gx - x0;
                float a = lattice[y0 * grid + x0] * (1 - fx) + lattice[y0 * grid + x0 + 1] * fx;
                float b = lattice[(y0 + 1) * grid + x0] * (1 - fx) + lattice[(y0 + 1) * grid + x0 + 1] * fx;
                out[y * size + x] = a * (1 - fy) + b * fy;
            }
        }
        return out;
    }
}
