package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The auto tile on the Colin27 volume's shape (181x217x181) from Models Genesis' crop, against a brute-force
 * search written separately in Python (all multiples of 8 from the crop to the volume's side rounded up, fewest
 * voxels forwarded).
 */
class TileShapesTest {

    private static final int[] COLIN = {181, 217, 181};
    private static final int[] CROP = {64, 64, 32};

    private static long forwarded(int[] tile) {
        SlidingWindow w = new SlidingWindow(tile[0], tile[1], tile[2], 0.25);
        return (long) w.tiles(COLIN[0], COLIN[1], COLIN[2]).size() * tile[0] * tile[1] * tile[2];
    }

    @Test
    void theCropWhenTheCapAllowsNothingLarger() {
        assertThat(TileShapes.choose(COLIN, CROP, 8, 0.25, 64 * 64 * 32)).containsExactly(64, 64, 32);
        assertThat(TileShapes.choose(COLIN, CROP, 8, 0.25, 1000)).containsExactly(64, 64, 32);
        assertThat(forwarded(CROP)).isEqualTo(160L * 64 * 64 * 32);
    }

    @Test
    void theFewestVoxelsForwardedUnderTheCap() {
        int[] t = TileShapes.choose(COLIN, CROP, 8, 0.25, 370_000);
        assertThat(t).containsExactly(104, 88, 40);
        assertThat(forwarded(t)).isEqualTo(13_178_880L);
        assertThat((long) t[0] * t[1] * t[2]).isLessThanOrEqualTo(370_000);
    }

    @Test
    void oneTileOfTheVolumeRoundedUpWhenEverythingFits() {
        assertThat(TileShapes.choose(COLIN, CROP, 8, 0.25, Long.MAX_VALUE)).containsExactly(184, 224, 184);
    }
}
