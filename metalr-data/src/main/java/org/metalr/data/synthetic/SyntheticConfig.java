package org.metalr.data.synthetic;

/**
 * Sizes of the built-in synthetic domain-shift dataset.
 *
 * @param imageSize           side of the square images, in pixels (at least 16)
 * @param sourceTrainPerClass source images per class for pre-training (5 classes)
 * @param sourceTestPerClass  source images per class to measure pre-training (may be 0)
 * @param targetTrainPerClass target images per class for fine-tuning (3 classes)
 * @param targetValPerClass   target images per class for meta-validation
 * @param targetTestPerClass  target images per class for testing
 * @param seed                fixes every image
 */
public record SyntheticConfig(int imageSize, int sourceTrainPerClass, int sourceTestPerClass,
        int targetTrainPerClass, int targetValPerClass, int targetTestPerClass, long seed) {

    /** @throws IllegalArgumentException if the image is smaller than 16 pixels or a count is negative */
    public SyntheticConfig {
        if (imageSize < 16) {
            throw new IllegalArgumentException("image size must be at least 16, got " + imageSize);
        }
        if (sourceTrainPerClass < 0 || sourceTestPerClass < 0 || targetTrainPerClass < 0 || targetValPerClass < 0
                || targetTestPerClass < 0) {
            throw new IllegalArgumentException("image counts must be non-negative: " + this);
        }
    }

    /**
     * The demo's sizes at 64x64: 3,000 source images for pre-training (600 per class) and 500 to test
     * it; 180 target images to fine-tune on (60 per class), 90 for meta-validation, 600 for testing.
     */
    public static SyntheticConfig defaults(long seed) {
        return new SyntheticConfig(64, 600, 100, 60, 30, 200, seed);
    }

    /** Total number of images written. */
    public int totalImages() {
        return ShapeRenderer.CLASSES.length * (sourceTrainPerClass + sourceTestPerClass)
                + UltrasoundRenderer.CLASSES.length * (targetTrainPerClass + targetValPerClass + targetTestPerClass);
    }

    /** The configuration as the text of the marker file written beside the images. */
    String describe() {
        return "format=1\nimageSize=" + imageSize + "\nsourceTrainPerClass=" + sourceTrainPerClass
                + "\nsourceTestPerClass=" + sourceTestPerClass + "\ntargetTrainPerClass=" + targetTrainPerClass
                + "\ntargetValPerClass=" + targetValPerClass + "\ntargetTestPerClass=" + targetTestPerClass
                + "\nseed=" + seed + "\n";
    }
}
