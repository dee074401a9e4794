package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.metalr.data.SeededRandom;
import org.junit.jupiter.api.Test;

/** The sampled boxes follow torchvision's rules; the fallback is checked against torchvision in TransformParityTest. */
class RandomResizedCropTest {

    @Test
    void boxesFitAndRespectScaleAndRatioUpToRounding() {
        RandomResizedCrop crop = new RandomResizedCrop(0.8, 1.0, 0.8, 1.25);
        SeededRandom rng = new SeededRandom(5);
        int fallbacks = 0;
        for (int i = 0; i < 2000; i++) {
            CropBox box = crop.sample(64, 64, rng);
            assertThat(box.top()).isBetween(0, 64 - box.height());
            assertThat(box.left()).isBetween(0, 64 - box.width());
            double area = box.height() * box.width() / (64.0 * 64);
            // Rounding width and height moves the area by up to about one row and column.
            assertThat(area).isBetween(0.8 - 2.1 / 64, 1.0);
            double ratio = (double) box.width() / box.height();
            assertThat(ratio).isBetween(0.8 - 0.04, 1.25 + 0.04);
            if (box.equals(new CropBox(0, 0, 64, 64))) {
                fallbacks++;
            }
        }
        // Whole-image boxes come from the draws or the fallback, but not most of the time.
        assertThat(fallbacks).isLessThan(400);
    }

    @Test
    void sameGeneratorSameBox() {
        RandomResizedCrop crop = RandomResizedCrop.TORCHVISION_DEFAULT;
        assertThat(crop.sample(50, 70, new SeededRandom(3))).isEqualTo(crop.sample(50, 70, new SeededRandom(3)));
    }

    @Test
    void flipMirrorsColumns() {
        FloatImage image = new FloatImage(1, 2, 3, new float[] {1, 2, 3, 4, 5, 6});
        assertThat(HorizontalFlip.apply(image).data()).containsExactly(3, 2, 1, 6, 5, 4);
    }
}
