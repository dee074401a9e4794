package org.metalr.app;

import org.metalr.api.HostTensor;
import org.metalr.api.net.Layer;
import org.metalr.models.checkpoint.CheckpointException;

/**
 * The first layer of ResNet-18 (and of the small CNN) computed directly from a checkpoint's tensors,
 * without an engine: {@code conv1}, then {@code bn1} in evaluation mode (running statistics), then
 * ReLU, which is what the next layer sees. A direct convolution in double precision: about
 * {@code out * in * k^2} multiply-adds per output pixel, a few million for a 64x64 image; meant for a
 * handful of images. Immutable.
 */
final class FirstLayer {

    private final int out;
    private final int in;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final double[] weight;
    private final double[] bias;
    private final double[] scale;
    private final double[] shift;

    /**
     * @param conv the description of {@code conv1} (kernel, stride, padding)
     * @param bn   the description of {@code bn1} (eps)
     * @throws CheckpointException naming the file and key if a tensor is missing or has the wrong shape
     */
    FirstLayer(Layer.Conv conv, Layer.BatchNorm bn, SavedModel saved) throws CheckpointException {
        HostTensor w = saved.require(conv.name() + ".weight");
        long[] shape = w.shape();
        String file = saved.file().toString();
        if (shape.length != 4 || shape[2] != conv.kernel() || shape[3] != conv.kernel()) {
            throw new CheckpointException(file, conv.name() + ".weight", "has shape " + java.util.Arrays.toString(shape)
                    + "; expected [out, in, " + conv.kernel() + ", " + conv.kernel() + "]");
        }
        this.out = (int) shape[0];
        this.in = (int) shape[1];
        this.kernel = conv.kernel();
        this.stride = conv.stride();
        this.padding = conv.padding();
        this.weight = w.toDoubleArray();
        this.bias = conv.bias() ? vector(saved, conv.name() + ".bias", out) : new double[out];
        double[] gamma = vector(saved, bn.name() + ".weight", out);
        double[] beta = vector(saved, bn.name() + ".bias", out);
        double[] mean = vector(saved, bn.name() + ".running_mean", out);
        double[] var = vector(saved, bn.name() + ".running_var", out);
        this.scale = new double[out];
        this.shift = new double[out];
        for (int c = 0; c < out; c++) {
            // bn(conv(x) + b) = scale * conv(x) + shift
            scale[c] = gamma[c] / Math.sqrt(var[c] + bn.eps());
            shift[c] = beta[c] + scale[c] * (bias[c] - mean[c]);
        }
    }

    private static double[] vector(SavedModel saved, String key, int length) throws CheckpointException {
        HostTensor t = saved.require(key);
        if (t.shape().length != 1 || t.shape()[0] != length) {
            throw new CheckpointException(saved.file().toString(), key, "has shape " + java.util.Arrays.toString(t.shape())
                    + "; expected [" + length + "]");
        }
        return t.toDoubleArray();
    }

    /** Output channels. */
    int channels() {
        return out;
    }

    /** Input channels. */
    int inputChannels() {
        return in;
    }

    /** Output side for an input side of {@code size}. */
    int outputSize(int size) {
        return (size + 2 * padding - kernel) / stride + 1;
    }

    /**
     * The feature maps of one image.
     *
     * @param image {@code [in, h, w]}, normalised as the model was trained
     * @return {@code [out, oh, ow]}
     * @throws IllegalArgumentException if the image does not have {@code in * h * w} values
     */
    float[] apply(float[] image, int h, int w) {
        if (image.length != in * h * w) {
            throw new IllegalArgumentException("expected " + in + "x" + h + "x" + w + " values, got " + image.length);
        }
        int oh = outputSize(h);
        int ow = outputSize(w);
        float[] result = new float[out * oh * ow];
        for (int o = 0; o < out; o++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    double sum = 0;
                    for (int c = 0; c < in; c++) {
                        for (int ky = 0; ky < kernel; ky++) {
                            int iy = y * stride - padding + ky;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            int wBase = ((o * in + c) * kernel + ky) * kernel;
                            int iBase = (c * h + iy) * w;
                            for (int kx = 0; kx < kernel; kx++) {
                                int ix = x * stride - padding + kx;
                                if (ix >= 0 && ix < w) {
                                    sum += weight[wBase + kx] * image[iBase + ix];
                                }
                            }
                        }
                    }
                    result[(o * oh + y) * ow + x] = (float) Math.max(0, scale[o] * sum + shift[o]);
                }
            }
        }
        return result;
    }
}
