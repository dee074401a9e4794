package org.metalr.data.image;

import java.util.Locale;
import java.util.Objects;
import org.metalr.api.UserInputException;

/**
 * The input conventions of where a model's weights come from: its input size, normalisation and
 * transforms, so that fine-tuning sees images as the weights were trained on them.
 * <ul>
 *   <li>{@link #IMAGENET}: torchvision's ImageNet weights and reference recipe: 224 pixels, ImageNet's
 *       mean and std per RGB channel; evaluation {@code Resize(256)} then {@code CenterCrop(224)};
 *       training {@code RandomResizedCrop(224)} (scale 0.08-1, ratio 3/4-4/3) of the decoded image and a
 *       horizontal flip;</li>
 *   <li>{@link #PAPER}: the MetaLR paper's setting: 64 pixels, mean 0.18 and std 0.24 for every channel;
 *       {@code Resize(64)}, then for training {@code RandomResizedCrop(64)} (scale 0.8-1, ratio 0.8-1.25)
 *       and a horizontal flip.</li>
 * </ul>
 * Resizing is bilinear without antialiasing, as {@link Resize} (torchvision's tensor transforms before
 * 0.17); torchvision on PIL images antialiases when it shrinks.
 */
public enum ImagePreset {

    /** torchvision's ImageNet convention. */
    IMAGENET(224, new Normalize(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}),
            RandomResizedCrop.TORCHVISION_DEFAULT, true),

    /** The paper's convention, also the transforms of a run without a preset. */
    PAPER(64, ImageDataset.PAPER_NORMALIZATION, new RandomResizedCrop(0.8, 1.0, 0.8, 1.25), false);

    /** torchvision's evaluation resize for its 224-pixel crop. */
    private static final double RESIZE_PER_CROP = 256.0 / 224;

    private final int imageSize;
    private final Normalize normalization;
    private final RandomResizedCrop crop;
    private final boolean centreCrop;

    ImagePreset(int imageSize, Normalize normalization, RandomResizedCrop crop, boolean centreCrop) {
        this.imageSize = imageSize;
        this.normalization = normalization;
        this.crop = crop;
        this.centreCrop = centreCrop;
    }

    /** The name users give: {@code imagenet}, {@code paper}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The preset a name gives, ignoring case.
     *
     * @throws UserInputException naming the presets for an unknown name
     */
    public static ImagePreset named(String name) {
        Objects.requireNonNull(name, "name");
        for (ImagePreset p : values()) {
            if (p.id().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new UserInputException("unknown preset '" + name + "'; expected imagenet or paper");
    }

    /** The side of the square input. */
    public int imageSize() {
        return imageSize;
    }

    /** The normalisation. */
    public Normalize normalization() {
        return normalization;
    }

    /**
     * The shorter side images are resized to before the centre crop to {@code size} (ImageNet's 256 for
     * 224, in proportion for other sizes); empty for the paper's resize straight to the size.
     */
    public java.util.Optional<Integer> resizeFor(int size) {
        return centreCrop ? java.util.Optional.of((int) Math.round(size * RESIZE_PER_CROP)) : java.util.Optional.empty();
    }

    /**
     * A pipeline builder with this preset's transforms at {@code size x size}: its resize (and centre
     * crop), and with {@code augment} its random resized crop and a horizontal flip with probability 0.5.
     * The caller adds the normalisation (this preset's, or another) and the DICOM window.
     *
     * @throws IllegalArgumentException if {@code channels} is not 1 or 3 or {@code size} is not positive
     */
    public ImagePipeline.Builder builder(int channels, int size, boolean augment) {
        ImagePipeline.Builder b = ImagePipeline.builder(channels, size, size);
        resizeFor(size).ifPresent(b::resizeThenCentreCrop);
        if (augment) {
            b.randomResizedCrop(crop).horizontalFlip(0.5);
        }
        return b;
    }
}
