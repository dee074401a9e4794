package org.metalr.app;

import org.metalr.api.net.Network;
import org.metalr.models.ResNet18;
import org.metalr.models.SmallCnn;
import picocli.CommandLine.Option;

/** The model a command works on: {@code --model}, {@code --num-classes}, {@code --in-channels}, {@code --width}. */
final class ModelOptions {

    @Option(names = "--model", description = "resnet18 or small-cnn (default: ${DEFAULT-VALUE})", defaultValue = "resnet18")
    String model;

    @Option(names = "--num-classes", description = "outputs of the classifier (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int classes;

    @Option(names = "--in-channels", description = "input channels (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int inChannels;

    @Option(names = "--width", description = "base width; resnet18 default 64, small-cnn default 8")
    Integer width;

    /** The network these options describe. */
    Network network() {
        if (classes < 1) {
            throw new IllegalArgumentException("--num-classes must be >= 1, got " + classes);
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException("--in-channels must be >= 1, got " + inChannels);
        }
        if (width != null && width < 1) {
            throw new IllegalArgumentException("--width must be >= 1, got " + width);
        }
        return switch (model) {
            case "resnet18" -> ResNet18.network(classes, inChannels, width == null ? ResNet18.DEFAULT_WIDTH : width);
            case "small-cnn" -> SmallCnn.network(inChannels, width == null ? 8 : width, classes);
            default -> throw new IllegalArgumentException(
                    "--model must be one of resnet18, small-cnn; got '" + model + "'");
        };
    }
}
