package org.metalr.data.volume;

import java.io.IOException;
import java.util.Objects;
import org.metalr.data.layout.CropOptions;

/**
 * Loads LiTS cases for training and evaluation: reads both files, checks their shapes, windows the CT
 * (Models Genesis: HU {@code [-1000, 1000]} to {@code [0, 1]}) and builds the liver mask (segmentation
 * {@code >= 1}). Loaded cases are kept in a {@link VolumeCache} so crops are cut from memory. Thread-safe.
 */
public final class LitsLoader {

    /** Default cache budget: a few typical LiTS cases. */
    public static final long DEFAULT_CACHE_BYTES = CropOptions.DEFAULT_CACHE_BYTES;

    private final IntensityWindow window;
    private final VolumeCache<LitsCase, LitsVolume> cache;

    /**
     * @param window     applied to the CT values as they are loaded
     * @param cacheBytes budget of the cache of loaded cases
     */
    public LitsLoader(IntensityWindow window, long cacheBytes) {
        this.window = Objects.requireNonNull(window, "window");
        this.cache = new VolumeCache<>(cacheBytes, LitsVolume::bytes);
    }

    /** Models Genesis' CT window with the default cache budget. */
    public static LitsLoader modelsGenesis() {
        return new LitsLoader(IntensityWindow.MODELS_GENESIS_CT, DEFAULT_CACHE_BYTES);
    }

    /**
     * The loaded case, from the cache when there.
     *
     * @throws VolumeDataException when a file is missing or unreadable as NIfTI-1, holds more than one volume,
     *         or the volume and segmentation differ in shape
     * @throws IOException         on other read errors
     */
    public LitsVolume load(LitsCase c) throws IOException {
        return cache.get(c, this::read);
    }

    private LitsVolume read(LitsCase c) throws IOException {
        NiftiImage volume = NiftiReader.read(c.volume());
        NiftiImage segmentation = NiftiReader.read(c.segmentation());
        LitsLayout.checkShapes(c, volume.header(), segmentation.header());
        Volume image = volume.toVolume();
        window.applyInPlace(image.voxels()); // the decoded array is ours alone
        return new LitsVolume(c, image, LitsVolume.liverMask(segmentation.toVolume()));
    }

    public IntensityWindow window() {
        return window;
    }

    /** The cache, for its statistics or to clear it. */
    public VolumeCache<LitsCase, LitsVolume> cache() {
        return cache;
    }
}
