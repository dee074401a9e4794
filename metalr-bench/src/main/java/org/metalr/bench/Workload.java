package org.metalr.bench;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.metalr.api.Batch;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.ResNet18;
import org.metalr.models.SmallCnn;
import org.metalr.models.UNet3D;

/**
 * A model and batch shape to benchmark, with seeded synthetic batches (Gaussian inputs; uniform class
 * labels, or masks with about 30% foreground for a segmentation loss): timing does not depend on the
 * values, and synthetic data keeps the benchmark free of downloads. Immutable.
 *
 * @param id          the name on the command line and in reports
 * @param description what runs, for the report ({@code ResNet-18, 3 classes, 3x64x64, batch 32})
 * @param network     the architecture
 * @param batchSize   samples per batch (training and validation batches alike)
 * @param sampleShape shape of one input sample, channels first
 * @param classes     number of classes the labels are drawn from (output channels for segmentation)
 */
public record Workload(String id, String description, Network network, int batchSize, long[] sampleShape,
        int classes) {

    /** The paper's POCUS setting: ResNet-18, 3 classes, 64x64 inputs (batch 32 on a CPU). */
    public static final String RESNET18 = "resnet18";
    /** Models Genesis' 3D U-Net on 1x64x64x32 crops, batch 2, Dice loss; reduced width by default on a CPU. */
    public static final String UNET3D = "unet3d";
    /** A small residual CNN on 3x16x16 inputs: a smoke test of the benchmark itself, not a figure to report. */
    public static final String SMALLCNN = "smallcnn";

    /** Every workload id the benchmark knows, in report order. */
    public static final List<String> IDS = List.of(RESNET18, UNET3D, SMALLCNN);

    /**
     * The U-Net's default base width here: a quarter of Models Genesis' 32, so that a CPU with two
     * cores runs an iteration in seconds rather than tens of seconds (the convolutions' cost grows
     * with the square of the width).
     */
    public static final int UNET3D_CPU_WIDTH = 8;

    public Workload {
        sampleShape = sampleShape.clone();
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1: " + batchSize);
        }
    }

    /**
     * The workload called {@code id}.
     *
     * @param batchSize samples per batch, or 0 for the workload's own (32, 2, 8)
     * @param width     base width of the network, or 0 for the workload's default (ResNet-18: 64, as
     *                  torchvision; U-Net: {@value #UNET3D_CPU_WIDTH}; small CNN: 8)
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public static Workload named(String id, int batchSize, int width) {
        int n = batchSize > 0 ? batchSize : defaultBatchSize(id);
        switch (id) {
            case RESNET18: {
                int w = width > 0 ? width : ResNet18.DEFAULT_WIDTH;
                return new Workload(RESNET18, "ResNet-18" + (w == ResNet18.DEFAULT_WIDTH ? "" : " (width " + w + ")")
                        + ", 3 classes, 3x64x64, batch " + n, ResNet18.network(3, 3, w), n, new long[] {3, 64, 64}, 3);
            }
            case UNET3D: {
                int w = width > 0 ? width : UNET3D_CPU_WIDTH;
                return new Workload(UNET3D, "3D U-Net (width " + w + (w == UNet3D.DEFAULT_WIDTH ? "" : ", reduced from "
                        + UNet3D.DEFAULT_WIDTH) + "), Dice loss, 1x64x64x32, batch " + n, UNet3D.network(1, w), n,
                        new long[] {1, 64, 64, 32}, 1);
            }
            case SMALLCNN: {
                int w = width > 0 ? width : 8;
                return new Workload(SMALLCNN, "small residual CNN (width " + w + "), 3 classes, 3x16x16, batch " + n,
                        SmallCnn.network(3, w, 3), n, new long[] {3, 16, 16}, 3);
            }
            default:
                throw new IllegalArgumentException("unknown workload '" + id + "'; known: " + String.join(", ", IDS));
        }
    }

    /**
     * The workload's own batch size: 32 for ResNet-18, 2 for the U-Net, 8 for the small CNN.
     *
     * @throws IllegalArgumentException for an unknown id
     */
    public static int defaultBatchSize(String id) {
        switch (id) {
            case RESNET18:
                return 32;
            case UNET3D:
                return 2;
            case SMALLCNN:
                return 8;
            default:
                throw new IllegalArgumentException("unknown workload '" + id + "'; known: " + String.join(", ", IDS));
        }
    }

    /** Seeded initial weights, identical for every backend: torchvision's for ResNet-18, PyTorch's defaults for the U-Net. */
    public Map<String, HostTensor> initialState() {
        return id.equals(UNET3D) ? Initializers.torchDefault(network, 1) : Initializers.kaiming(network, 1);
    }

    /** A synthetic batch from {@code seed}: standard Gaussian inputs, and uniform labels or 30%-foreground masks. */
    public Batch batch(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = batchSize;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        float[] x = new float[Math.toIntExact(HostTensor.numel(shape))];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        HostTensor inputs = HostTensor.of(x, shape);
        if (network.loss().segmentation()) {
            long[] outShape = network.outputShape(shape);
            float[] mask = new float[Math.toIntExact(HostTensor.numel(outShape))];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = rnd.nextDouble() < 0.3 ? 1f : 0f;
            }
            return Batch.segmentation(inputs, HostTensor.of(mask, outShape));
        }
        long[] labels = new long[batchSize];
        for (int i = 0; i < batchSize; i++) {
            labels[i] = rnd.nextInt(classes);
        }
        return new Batch(inputs, labels);
    }

    @Override
    public long[] sampleShape() {
        return sampleShape.clone();
    }
}
