package org.metalr.app;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.UserInputException;
import org.metalr.data.dicom.DicomWindow;
import org.metalr.data.image.ImagePipeline;
import org.metalr.data.image.ImagePreset;
import org.metalr.data.image.Normalize;
import picocli.CommandLine.Option;

/**
 * How the commands that read images prepare them: {@code --preset}, {@code --image-size}, {@code --mean},
 * {@code --std}, {@code --dicom-window}. Each setting is, in this order: the flag when given; else the
 * given preset's value; else the fallback the command brings ({@link Fallback}: the dataset's
 * normalisation when training, the run's recorded settings when predicting); else the paper's (64
 * pixels, mean 0.18, std 0.24). Without a preset, images go through the paper's transforms.
 */
@HelpSection("Data")
final class ImageOptions {

    @Option(names = "--preset", paramLabel = "NAME",
            description = "the weights' input convention: imagenet (224 px, ImageNet mean/std, resize 256 + centre"
                    + " crop 224 to evaluate, RandomResizedCrop 224 + flip to train: torchvision's reference recipe)"
                    + " or paper (64 px, mean 0.18, std 0.24, the paper's crop and flip); flags given override its"
                    + " values (default: none: 64 px and the paper's transforms with the dataset's normalisation;"
                    + " for a checkpoint in a run folder, the run's)")
    String preset;

    @Option(names = "--image-size", paramLabel = "P",
            description = "side of the square input (default: the preset's; for a checkpoint in a run folder, the"
                    + " run's; else 64)")
    Integer imageSize;

    @Option(names = "--mean", paramLabel = "M[,M,M]",
            description = "normalisation mean, one value or one per channel (default: the preset's; else the"
                    + " dataset's, or the run's: 0.18, synthetic 0.3, medmnist 0.5)")
    String mean;

    @Option(names = "--std", paramLabel = "S[,S,S]",
            description = "normalisation standard deviation (default: the preset's; else the dataset's or the run's:"
                    + " 0.24, synthetic 0.3, medmnist 0.5)")
    String std;

    @Option(names = "--dicom-window", paramLabel = "CENTER,WIDTH",
            description = "window for grey DICOM images, in modality units after rescale (Hounsfield units for CT),"
                    + " e.g. 40,400; DICOM's LINEAR function. Default: each file's own first window, else the full"
                    + " range of its stored bits. Ignored for PNG, JPEG, BMP and RGB DICOM.")
    String dicomWindow;

    /**
     * What a command falls back on for the settings neither a flag nor a given preset fixes.
     *
     * @param preset    the preset whose transforms apply, or null for the paper's transforms
     * @param imageSize the input side, or null for the preset's (else 64)
     * @param mean      the normalisation mean (one value, or one per channel)
     * @param std       the normalisation standard deviation
     * @param window    the DICOM window, or null for each file's own
     */
    record Fallback(ImagePreset preset, Integer imageSize, float[] mean, float[] std, DicomWindow window) {

        Fallback {
            Objects.requireNonNull(mean, "mean");
            Objects.requireNonNull(std, "std");
        }

        /** The paper's values: its transforms, 64 pixels, mean 0.18 and std 0.24, each file's own DICOM window. */
        static final Fallback PAPER = dataset(ImagePreset.PAPER.normalization());

        /** Training on a dataset: its normalisation, the paper's other values. */
        static Fallback dataset(Normalize normalization) {
            return new Fallback(null, null, normalization.mean(), normalization.std(), null);
        }
    }

    /**
     * The images' preparation, and the preset it follows.
     *
     * @param preset   the preset that applies (given, or the fallback's), or null
     * @param pipeline the pipeline
     */
    record Input(ImagePreset preset, ImagePipeline pipeline) {

        /** What {@code config.json} records: {@code preset} (null without one), then the pipeline's settings. */
        Map<String, Object> settings() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("preset", preset == null ? null : preset.id());
            p.putAll(pipeline.settings());
            return p;
        }

        /** The side of the square input. */
        int size() {
            return pipeline.outputShape()[1];
        }
    }

    /**
     * The pipeline for {@code channels}-channel images: the preset's transforms (the paper's without one)
     * at the resolved size, augmented unless {@code augment} is false, normalised, with the DICOM window.
     *
     * @throws UserInputException naming the flag of a malformed or out-of-range value
     */
    Input pipeline(int channels, Fallback fallback, boolean augment) {
        ImagePreset given = preset();
        ImagePreset applied = given != null ? given : fallback.preset();
        ImagePreset transforms = applied != null ? applied : ImagePreset.PAPER;
        float[] defaultMean = given != null ? given.normalization().mean() : fallback.mean();
        float[] defaultStd = given != null ? given.normalization().std() : fallback.std();
        ImagePipeline.Builder b = transforms.builder(channels, size(fallback), augment)
                .normalize(normalize(mean, std, defaultMean, defaultStd, channels));
        DicomWindow window = dicomWindow != null ? parseWindow() : fallback.window();
        if (window != null) {
            b.dicomWindow(window);
        }
        return new Input(applied, b.build());
    }

    /**
     * The input side: {@code --image-size}, else the given preset's, else the fallback's, else the
     * fallback preset's (64 without one).
     *
     * @throws UserInputException if {@code --image-size} is below 1
     */
    int size(Fallback fallback) {
        if (imageSize != null) {
            if (imageSize < 1) {
                throw new UserInputException("--image-size must be >= 1, got " + imageSize);
            }
            return imageSize;
        }
        ImagePreset given = preset();
        if (given != null) {
            return given.imageSize();
        }
        if (fallback.imageSize() != null) {
            return fallback.imageSize();
        }
        return (fallback.preset() != null ? fallback.preset() : ImagePreset.PAPER).imageSize();
    }

    /** The preset {@code --preset} names, or null. */
    private ImagePreset preset() {
        if (preset == null) {
            return null;
        }
        try {
            return ImagePreset.named(preset);
        } catch (UserInputException e) {
            throw new UserInputException("--preset: " + e.getMessage(), e);
        }
    }

    private DicomWindow parseWindow() {
        try {
            return DicomWindow.parse(dicomWindow);
        } catch (UserInputException e) {
            throw new UserInputException("--dicom-window: " + e.getMessage(), e);
        }
    }

    /**
     * Parses {@code --mean} and {@code --std} (one value, or one per channel); an absent one takes its
     * default.
     *
     * @throws UserInputException naming the flag for a malformed list or a non-positive std
     */
    static Normalize normalize(String mean, String std, float[] defaultMean, float[] defaultStd, int channels) {
        float[] m = mean == null ? defaultMean.clone() : floats("--mean", mean, channels);
        float[] s = std == null ? defaultStd.clone() : floats("--std", std, channels);
        if (m.length != s.length) {
            if (m.length == 1) {
                m = repeat(m[0], s.length);
            } else if (s.length == 1) {
                s = repeat(s[0], m.length);
            }
        }
        for (float v : s) {
            if (!(v > 0)) {
                throw new UserInputException("--std must be positive, got '" + std + "'");
            }
        }
        if (m.length != s.length || m.length != 1 && m.length != channels) {
            throw new UserInputException("the normalisation's mean " + Arrays.toString(m) + " and std "
                    + Arrays.toString(s) + " do not fit " + channels + "-channel input; give --mean and --std with one"
                    + " value or " + channels);
        }
        return new Normalize(m, s);
    }

    private static float[] floats(String flag, String text, int channels) {
        String[] parts = text.split(",", -1);
        if (parts.length != 1 && parts.length != channels) {
            throw new UserInputException(flag + " takes one value or " + channels + " (one per channel), got '"
                    + text + "'");
        }
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserInputException(flag + " expects numbers, got '" + text + "'");
            }
            if (!Float.isFinite(out[i])) {
                throw new UserInputException(flag + " expects finite numbers, got '" + text + "'");
            }
        }
        return out;
    }

    private static float[] repeat(float v, int n) {
        float[] out = new float[n];
        Arrays.fill(out, v);
        return out;
    }
}
