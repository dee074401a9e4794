package org.metalr.data.image;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.metalr.data.BadInputException;
import org.metalr.data.LabelledSet;
import org.metalr.data.SampleSource;
import org.metalr.data.SeededRandom;

/**
 * The images of a {@link LabelledSet} run through an {@link ImagePipeline}, for a
 * {@link org.metalr.data.BatchLoader}. Optionally keeps each image's deterministic part (decoded,
 * channel-converted, resized) in memory after its first load, {@code 4 * C * H * W} bytes per image,
 * so later epochs only augment; this changes no value. A pipeline whose prepared images keep their
 * decoded size ({@link ImagePipeline#preparesOutputSize()} false) is never cached: the cost would be
 * the images' full size. Thread-safe.
 */
public final class ImageSampleSource implements SampleSource {

    private final LabelledSet set;
    private final ImagePipeline pipeline;
    private final AtomicReferenceArray<FloatImage> cache;

    /**
     * @param cachePrepared keep prepared images in memory across epochs (when they have the output size)
     */
    public ImageSampleSource(LabelledSet set, ImagePipeline pipeline, boolean cachePrepared) {
        this.set = Objects.requireNonNull(set, "set");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.cache = cachePrepared && pipeline.preparesOutputSize() ? new AtomicReferenceArray<>(set.size()) : null;
    }

    public LabelledSet set() {
        return set;
    }

    public ImagePipeline pipeline() {
        return pipeline;
    }

    @Override
    public int size() {
        return set.size();
    }

    @Override
    public int label(int index) {
        return set.get(index).label();
    }

    @Override
    public int[] sampleShape() {
        return pipeline.outputShape();
    }

    /** @throws BadInputException if the image cannot be read or decoded */
    @Override
    public void load(int index, SeededRandom rng, float[] dst, int offset) {
        FloatImage prepared = cache == null ? null : cache.get(index);
        if (prepared == null) {
            prepared = pipeline.prepare(pipeline.decode(set.get(index)));
            if (cache != null) {
                cache.set(index, prepared);
            }
        }
        pipeline.finish(prepared, rng, dst, offset);
    }
}
