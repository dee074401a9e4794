package org.metalr.data;

/**
 * Random access to the samples a {@link BatchLoader} batches: every sample has the same shape and
 * is written straight into the batch's array.
 *
 * <p>{@link #load} is called from several decoding threads at once, for different indices, so it
 * must be thread-safe; all its randomness must come from the generator it is given, which makes a
 * sample depend only on (seed, epoch, index) and not on which thread loads it or when.
 */
public interface SampleSource {

    /** Number of samples. */
    int size();

    /** Class index of sample {@code index}; cheap, no decoding. */
    int label(int index);

    /** Shape of one sample, e.g. {@code [C, H, W]}; the same for every sample. */
    int[] sampleShape();

    /**
     * Writes sample {@code index} into {@code dst[offset, offset + numel(sampleShape()))}.
     *
     * @param rng this sample's own generator, used by augmentation only
     * @throws BadInputException if the sample's file cannot be read or decoded
     */
    void load(int index, SeededRandom rng, float[] dst, int offset);
}
