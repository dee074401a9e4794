package org.metalr.data;

/**
 * A {@link SampleSource} whose samples carry a dense target instead of a class label: a
 * {@link BatchLoader} over it yields {@link org.metalr.api.Batch#segmentation segmentation batches},
 * float32 inputs {@code [N, sampleShape...]} and float32 masks {@code [N, maskShape...]}.
 *
 * <p>The same rules as for every source hold: {@link #load(int, SeededRandom, float[], int, float[], int)}
 * is called from several decoding threads at once and draws all its randomness from the generator it is
 * given, so a sample and its mask depend only on (seed, epoch, index).
 */
public interface SegmentationSource extends SampleSource {

    /** Shape of one sample's mask, e.g. {@code [1, X, Y, Z]}; the same for every sample. */
    int[] maskShape();

    /**
     * Writes sample {@code index} into {@code image[imageOffset, ...)} and its mask, values in
     * {@code [0, 1]}, into {@code mask[maskOffset, ...)}, from one set of random draws.
     *
     * @param rng this sample's own generator
     * @throws BadInputException if the sample's files cannot be read or decoded
     */
    void load(int index, SeededRandom rng, float[] image, int imageOffset, float[] mask, int maskOffset);

    /**
     * Writes sample {@code index} without its mask (the same input as the two-target load draws).
     *
     * @throws BadInputException if the sample's files cannot be read or decoded
     */
    @Override
    default void load(int index, SeededRandom rng, float[] dst, int offset) {
        load(index, rng, dst, offset, new float[numel(maskShape())], 0);
    }

    /**
     * Segmentation samples have no class label.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    default int label(int index) {
        throw new UnsupportedOperationException("segmentation samples carry masks, not class labels");
    }

    /** Number of elements of a shape. */
    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
