package org.metalr.app;

import org.metalr.api.net.Network;
import org.metalr.models.ResNet18;
import org.metalr.models.SmallCnn;
import org.metalr.models.UNet3D;
import picocli.CommandLine.Option;

/**
 * The model a command works on: {@code --model}, {@code --num-classes}, {@code --in-channels},
 * {@code --width}. Without {@code --num-classes} the caller supplies the count (the data's classes,
 * or the checkpoint's head).
 */
final class ModelOptions {

    /** The models {@code --model} accepts. */
    static final String MODELS = "resnet18, small-cnn, unet3d";

    @Option(names = "--model", description = "resnet18, small-cnn, or unet3d for LiTS (default: ${DEFAULT-VALUE})",
            defaultValue = "resnet18")
    String model;

    @Option(names = "--num-classes", description = "outputs of the model (default: the data's classes, or the checkpoint's)")
    Integer classes;

    @Option(names = "--in-channels", description = "image channels, 1 or 3 (default: ${DEFAULT-VALUE}; unet3d: 1)",
            defaultValue = "3")
    int inChannels;

    @Option(names = "--width", description = "base width; resnet18 default 64, small-cnn 8, unet3d 32")
    Integer width;

    /** Whether the model segments volumes rather than classifying images. */
    boolean segmentation() {
        return model.equals("unet3d");
    }

    /** The network with {@code --num-classes}, or {@code defaultClasses} without it. */
    Network network(int defaultClasses) {
        int k = classes != null ? classes : defaultClasses;
        if (k < 1) {
            throw new IllegalArgumentException("--num-classes must be >= 1, got " + k);
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException("--in-channels must be >= 1, got " + inChannels);
        }
        if (width != null && width < 1) {
            throw new IllegalArgumentException("--width must be >= 1, got " + width);
        }
        return switch (model) {
            case "resnet18" -> ResNet18.network(k, inChannels, width == null ? ResNet18.DEFAULT_WIDTH : width);
            case "small-cnn" -> SmallCnn.network(inChannels, width == null ? 8 : width, k);
            case "unet3d" -> UNet3D.network(k, width == null ? UNet3D.DEFAULT_WIDTH : width);
            default -> throw new IllegalArgumentException("--model must be one of " + MODELS + "; got '" + model + "'");
        };
    }

    /** The image channels the model reads, checked against what the image pipeline can make. */
    int imageChannels() {
        if (inChannels != 1 && inChannels != 3) {
            throw new IllegalArgumentException("--in-channels must be 1 or 3 for image data, got " + inChannels);
        }
        return inChannels;
    }
}
