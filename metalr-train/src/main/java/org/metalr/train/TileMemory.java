package org.metalr.train;

import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;

/**
 * An estimate of the memory one evaluation forward pass of a fully convolutional network takes per voxel
 * of its input tile, from its description: what the default evaluation tile is sized by.
 *
 * <p>The estimate is {@code elementBytes * (column + skips + 2 * widest)} values per input voxel: the skip
 * tensors a {@link Layer.Concat} keeps while its deeper branch runs, twice the widest layer's input plus
 * output (its operands and their copies in oneDNN's blocked layout, or the next layer's), and where the
 * model {@linkplain org.metalr.api.Differentiable#unfoldsConvolutions() unfolds its convolutions} (LibTorch's
 * native kernels: float64, or oneDNN off) the largest column buffer of {@code in * k^3} values per output
 * voxel, the 3D U-Net's {@code up_tr64.ops.0} with {@code 6w * 27} at full resolution. Each term is divided
 * by how many input voxels one voxel stands for at that layer's resolution. It counts live tensors only,
 * which holds because both backends release each activation once the next layer has read it. The 3D U-Net
 * at width {@code w} in float32: {@code 74.5 * w} bytes per voxel convolving directly, {@code 722.5 * w}
 * unfolding. Measured with oneDNN (width 8, one tile of 184x224x96 in a fresh process): 461 bytes per
 * voxel against 596 estimated.
 */
final class TileMemory {

    private long columnMax;
    private double skips;
    private double widest;

    private TileMemory() {}

    /**
     * Estimated bytes per input voxel of one sample, for elements of {@code elementBytes}, with or without
     * column buffers.
     */
    static double bytesPerVoxel(Network network, int elementBytes, boolean unfolded) {
        TileMemory m = new TileMemory();
        m.walk(network.body(), 1, 1);
        return elementBytes * ((unfolded ? m.columnMax : 0) + m.skips + 2 * m.widest);
    }

    /**
     * Follows {@code layer} from an input of {@code channels} channels at {@code scale} input voxels per
     * voxel; returns the output's {@code [channels, scale]}.
     */
    private long[] walk(Layer layer, long channels, long scale) {
        if (layer instanceof Layer.Conv c) {
            if (c.kernel() > 1 || c.stride() > 1) {
                columnMax = Math.max(columnMax, (long) Math.ceil((double) c.in() * pow(c.kernel(), c.dims()) / scale));
            }
            long out = scale * pow(c.stride(), c.dims());
            widest = Math.max(widest, (double) c.in() / scale + (double) c.out() / out);
            return new long[] {c.out(), out};
        }
        if (layer instanceof Layer.ConvTranspose t) {
            long out = Math.max(1, scale / pow(t.stride(), t.dims()));
            widest = Math.max(widest, (double) t.in() / scale + (double) t.out() / out);
            return new long[] {t.out(), out};
        }
        if (layer instanceof Layer.MaxPool p) {
            return new long[] {channels, scale * pow(p.stride(), p.dims())};
        }
        if (layer instanceof Layer.Sequential s) {
            long[] at = {channels, scale};
            for (Layer l : s.layers()) {
                at = walk(l, at[0], at[1]);
            }
            return at;
        }
        if (layer instanceof Layer.Concat c) {
            long sum = 0;
            long outScale = scale;
            for (Layer branch : c.branches()) {
                long[] b = walk(branch, channels, scale);
                sum += b[0];
                outScale = b[1];
            }
            skips += (double) channels / scale;
            widest = Math.max(widest, (double) sum / outScale);
            return new long[] {sum, outScale};
        }
        if (layer instanceof Layer.Residual r) {
            long[] b = walk(r.body(), channels, scale);
            if (r.shortcut() != null) {
                walk(r.shortcut(), channels, scale);
            }
            skips += (double) channels / scale;
            return b;
        }
        if (layer instanceof Layer.Linear l) {
            return new long[] {l.out(), scale};
        }
        return new long[] {channels, scale};
    }

    private static long pow(int base, int exponent) {
        long r = 1;
        for (int i = 0; i < exponent; i++) {
            r *= base;
        }
        return r;
    }
}
