package org.metalr.data.image;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.metalr.data.Sample;
import org.metalr.data.SeededRandom;
import org.metalr.data.dicom.DicomWindow;

/**
 * The 2D preprocessing of one sample, in torchvision's order for tensors:
 * <ol>
 *   <li>decode to {@code [0, 1]} ({@link #decode}: {@link ImageDecoder}, grey DICOM images through the
 *       pipeline's {@link #dicomWindow DICOM window}; a sample held in memory as an array image decodes as
 *       an 8-bit PNG) and convert to the wanted channel count ({@link Channels});</li>
 *   <li>resize (bilinear, no antialiasing; a no-op at that size), in one of two ways:
 *       <ul>
 *         <li>by default straight to the output size (the paper's {@code Resize(64)} of square inputs);</li>
 *         <li>with {@link Builder#resizeThenCentreCrop}: torchvision's evaluation transform,
 *             {@code Resize(s)} (the shorter side to {@code s}, the other in proportion) then
 *             {@code CenterCrop} to the output size;</li>
 *       </ul></li>
 *   <li>with augmentation on: {@link RandomResizedCrop} to the output size, then a horizontal flip with
 *       probability {@code flipProbability} (drawn in that order from the sample's generator). The crop is
 *       drawn from the resized image by default, and from the decoded image itself (skipping step 2, as
 *       torchvision's reference training recipe does) with {@link Builder#resizeThenCentreCrop};</li>
 *   <li>{@link Normalize}.</li>
 * </ol>
 * Steps 1-2 are deterministic ({@link #prepare}), so their result may be cached; steps 3-4
 * ({@link #finish}) use only the generator they are given. With augmentation off the pipeline is
 * resize (and crop) and normalise only. Immutable.
 */
public final class ImagePipeline {

    private final int channels;
    private final int height;
    private final int width;
    private final RandomResizedCrop crop;
    private final double flipProbability;
    private final Normalize normalize;
    private final DicomWindow dicomWindow;
    private final int resizeShorter;
    private final boolean augment;

    private ImagePipeline(Builder b, boolean augment) {
        this.channels = b.channels;
        this.height = b.height;
        this.width = b.width;
        this.crop = b.crop;
        this.flipProbability = b.flipProbability;
        this.normalize = b.normalize;
        this.dicomWindow = b.dicomWindow;
        this.resizeShorter = b.resizeShorter;
        this.augment = augment;
    }

    /**
     * A pipeline producing {@code channels x height x width} images.
     *
     * @throws IllegalArgumentException if {@code channels} is not 1 or 3 or a size is not positive
     */
    public static Builder builder(int channels, int height, int width) {
        return new Builder(channels, height, width);
    }

    /**
     * The paper's POCUS setting: 3 channels, resize to 64x64, RandomResizedCrop(64, scale 0.8-1.0,
     * ratio 0.8-1.25), horizontal flip, normalise with mean 0.18 and std 0.24.
     */
    public static ImagePipeline pocusPaper() {
        return ImagePreset.PAPER.builder(3, 64, true).normalize(ImagePreset.PAPER.normalization()).build();
    }

    /**
     * Step 1: reads and decodes an image file to {@code [0, 1]}, a grey DICOM image through
     * {@link #dicomWindow()}. Deterministic, like {@link #prepare}.
     *
     * @throws org.metalr.data.BadInputException naming the file if it cannot be read or decoded
     */
    public FloatImage decode(Path file) {
        return ImageDecoder.decode(file, dicomWindow);
    }

    /**
     * Step 1 for a sample: its file as {@link #decode(Path)}, or its in-memory image as an 8-bit PNG
     * ({@link ImageDecoder#decode(org.metalr.data.Uint8Image)}).
     *
     * @throws org.metalr.data.BadInputException naming the file if it cannot be read or decoded
     */
    public FloatImage decode(Sample sample) {
        return sample.inMemory() ? ImageDecoder.decode(sample.image()) : decode(sample.path());
    }

    /**
     * The deterministic part: channel conversion and resize (and centre crop). A grey image stays
     * single-channel here even when three channels are wanted; {@link #finish} repeats it, which gives
     * the same values as repeating first, since resizing treats channels independently (and keeps a cache
     * 3x smaller). When training crops are drawn from the decoded image ({@link #preparesOutputSize()}
     * false), only the channels are converted.
     */
    public FloatImage prepare(FloatImage decoded) {
        FloatImage image = decoded.channels() == 3 && channels == 1 ? Channels.convert(decoded, 1) : decoded;
        if (image.channels() != 1 && image.channels() != channels) {
            throw new IllegalArgumentException("cannot make " + channels + " channels from " + image);
        }
        if (resizeShorter == 0) {
            return Resize.apply(image, height, width);
        }
        if (!preparesOutputSize()) {
            return image;
        }
        return centreCrop(resizeShorterSide(image, resizeShorter), height, width);
    }

    /**
     * torchvision's {@code Resize(size)} with one number: the shorter side becomes {@code size}, the
     * longer {@code int(size * long / short)}.
     */
    static FloatImage resizeShorterSide(FloatImage image, int size) {
        int h = image.height();
        int w = image.width();
        if (h <= w) {
            return Resize.apply(image, size, (int) ((long) size * w / h));
        }
        return Resize.apply(image, (int) ((long) size * h / w), size);
    }

    /**
     * torchvision's {@code CenterCrop}: the box's offsets are {@code round((in - out) / 2)}, halves to
     * even as Python rounds; a box larger than the image reads zeros outside it, as torchvision pads.
     */
    static FloatImage centreCrop(FloatImage image, int height, int width) {
        if (image.height() == height && image.width() == width) {
            return image;
        }
        int top = (int) Math.rint((image.height() - height) / 2.0);
        int left = (int) Math.rint((image.width() - width) / 2.0);
        return ResizedCrop.crop(image, new CropBox(top, left, height, width));
    }

    /**
     * Whether {@link #prepare} gives output-sized images (so a cache of them costs {@code 4 * H * W}
     * bytes per grey image): false only for a training pipeline that draws its random crops from the
     * decoded image ({@link Builder#resizeThenCentreCrop} with a random resized crop), whose prepared
     * images keep the decoded size.
     */
    public boolean preparesOutputSize() {
        return resizeShorter == 0 || !(augment && crop != null);
    }

    /**
     * Augments (when on) and normalises a {@link #prepare prepared} image into {@code dst} from
     * {@code offset}, {@code [C, H, W]}. Draws from {@code rng} in torchvision's order: the crop box,
     * then the flip.
     *
     * @throws IllegalArgumentException if {@code prepared} is not an output-sized image from {@link #prepare}
     */
    public void finish(FloatImage prepared, SeededRandom rng, float[] dst, int offset) {
        if ((prepared.channels() != channels && prepared.channels() != 1)
                || preparesOutputSize() && (prepared.height() != height || prepared.width() != width)) {
            throw new IllegalArgumentException("expected a prepared " + height + "x" + width + " image with 1 or "
                    + channels + " channels, got " + prepared);
        }
        FloatImage image = prepared;
        boolean flip = false;
        if (augment) {
            if (crop != null) {
                image = crop.apply(image, height, width, rng);
            }
            flip = flipProbability > 0 && rng.nextDouble() < flipProbability;
        }
        write(image, flip, dst, offset);
    }

    /** Flip, channel repeat and normalisation in one pass, straight into the batch. */
    private void write(FloatImage image, boolean flip, float[] dst, int offset) {
        float[] src = image.data();
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            int from = image.channels() == 1 ? 0 : c * plane;
            int to = offset + c * plane;
            float mean = normalize == null ? 0f : normalize.mean(c);
            float std = normalize == null ? 1f : normalize.std(c);
            for (int y = 0; y < height; y++) {
                int row = from + y * width;
                int out = to + y * width;
                for (int x = 0; x < width; x++) {
                    float v = src[row + (flip ? width - 1 - x : x)];
                    dst[out + x] = normalize == null ? v : (v - mean) / std;
                }
            }
        }
    }

    /** The whole pipeline on a decoded image, as a new image. */
    public FloatImage apply(FloatImage decoded, SeededRandom rng) {
        float[] out = new float[channels * height * width];
        finish(prepare(decoded), rng, out, 0);
        return new FloatImage(channels, height, width, out);
    }

    /** This pipeline with augmentation off: resize and normalise only, for evaluation. */
    public ImagePipeline withoutAugmentation() {
        return augment ? new ImagePipeline(toBuilder(), false) : this;
    }

    public boolean augments() {
        return augment && (crop != null || flipProbability > 0);
    }

    /** Shape of one output sample, {@code [C, H, W]}. */
    public int[] outputShape() {
        return new int[] {channels, height, width};
    }

    public Optional<RandomResizedCrop> randomResizedCrop() {
        return Optional.ofNullable(crop);
    }

    public double flipProbability() {
        return flipProbability;
    }

    public Optional<Normalize> normalization() {
        return Optional.ofNullable(normalize);
    }

    /**
     * The window grey DICOM images are seen through; empty for each file's own window, else its full
     * range (see {@link org.metalr.data.dicom.DicomImage#render}).
     */
    public Optional<DicomWindow> dicomWindow() {
        return Optional.ofNullable(dicomWindow);
    }

    /**
     * The shorter side images are resized to before the centre crop of torchvision's evaluation
     * transform ({@link Builder#resizeThenCentreCrop}); empty when images are resized straight to the
     * output size.
     */
    public Optional<Integer> resizeThenCentreCrop() {
        return resizeShorter == 0 ? Optional.empty() : Optional.of(resizeShorter);
    }

    /**
     * Every setting, for a run's {@code config.json}: {@code channels}, {@code imageSize} (the side of a
     * square output, else {@code [height, width]}), {@code resize} (the shorter side before the centre
     * crop; null when resized straight to the output size), {@code mean} and {@code std} (when
     * normalised), {@code augment}, and when augmenting {@code randomResizedCrop} (its {@code scale} and
     * {@code ratio}, and {@code from}: {@code resized} or {@code decoded} image) and {@code flip}; then
     * {@code dicomWindow} ({@code CENTER,WIDTH}, or null for each file's own).
     */
    public Map<String, Object> settings() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("channels", channels);
        p.put("imageSize", height == width ? (Object) height : List.of(height, width));
        p.put("resize", resizeShorter == 0 ? null : resizeShorter);
        if (normalize != null) {
            p.put("mean", normalize.mean());
            p.put("std", normalize.std());
        }
        p.put("augment", augments());
        if (augments()) {
            if (crop != null) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("scale", List.of(crop.scaleMin(), crop.scaleMax()));
                c.put("ratio", List.of(crop.ratioMin(), crop.ratioMax()));
                c.put("from", preparesOutputSize() ? "resized" : "decoded");
                p.put("randomResizedCrop", c);
            }
            p.put("flip", flipProbability);
        }
        p.put("dicomWindow", dicomWindow == null ? null : dicomWindow.toString());
        return p;
    }

    private Builder toBuilder() {
        Builder b = new Builder(channels, height, width);
        b.crop = crop;
        b.flipProbability = flipProbability;
        b.normalize = normalize;
        b.dicomWindow = dicomWindow;
        b.resizeShorter = resizeShorter;
        return b;
    }

    @Override
    public String toString() {
        return "ImagePipeline[" + channels + "x" + height + "x" + width
                + (resizeShorter == 0 ? "" : ", resize " + resizeShorter + " then centre crop")
                + (augment ? ", crop " + crop + ", flip " + flipProbability : ", no augmentation") + ", " + normalize
                + (dicomWindow == null ? "" : ", DICOM window " + dicomWindow) + "]";
    }

    /** Builds an {@link ImagePipeline}; augmentation steps are off unless set. */
    public static final class Builder {
        private final int channels;
        private final int height;
        private final int width;
        private RandomResizedCrop crop;
        private double flipProbability;
        private Normalize normalize;
        private DicomWindow dicomWindow;
        private int resizeShorter;

        private Builder(int channels, int height, int width) {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
            }
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("output size must be positive, got " + height + "x" + width);
            }
            this.channels = channels;
            this.height = height;
            this.width = width;
        }

        /** Random resized crop back to the output size, during training. */
        public Builder randomResizedCrop(RandomResizedCrop value) {
            this.crop = Objects.requireNonNull(value, "crop");
            return this;
        }

        /**
         * Horizontal flip with probability {@code p}, during training.
         *
         * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1]}
         */
        public Builder horizontalFlip(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("flip probability must be in [0, 1], got " + p);
            }
            this.flipProbability = p;
            return this;
        }

        /**
         * The window grey DICOM images are seen through (the {@code --dicom-window} option), instead
         * of each file's own window or full range.
         */
        public Builder dicomWindow(DicomWindow value) {
            this.dicomWindow = Objects.requireNonNull(value, "dicomWindow");
            return this;
        }

        /**
         * torchvision's evaluation transform instead of a resize straight to the output size:
         * {@code Resize(shorterSide)} then {@code CenterCrop} to the output size (ImageNet's 256 then 224).
         * A random resized crop then draws its box from the decoded image, as torchvision's reference
         * training recipe does.
         *
         * @throws IllegalArgumentException if {@code shorterSide} is not positive
         */
        public Builder resizeThenCentreCrop(int shorterSide) {
            if (shorterSide < 1) {
                throw new IllegalArgumentException("resize size must be positive, got " + shorterSide);
            }
            this.resizeShorter = shorterSide;
            return this;
        }

        /** Normalisation, always applied last. */
        public Builder normalize(Normalize value) {
            this.normalize = Objects.requireNonNull(value, "normalize");
            return this;
        }

        /**
         * A pipeline that augments as configured; see {@link ImagePipeline#withoutAugmentation()}.
         *
         * @throws IllegalArgumentException if a per-channel normalisation has another channel count
         */
        public ImagePipeline build() {
            if (normalize != null && normalize.mean().length != 1 && normalize.mean().length != channels) {
                throw new IllegalArgumentException(normalize + " does not fit " + channels + " channel(s)");
            }
            return new ImagePipeline(this, true);
        }
    }
}
