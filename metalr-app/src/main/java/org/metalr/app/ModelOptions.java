package org.metalr.app;

import java.util.Iterator;
import org.metalr.api.UserInputException;
import org.metalr.api.net.Network;
import org.metalr.models.ModelFamilies;
import org.metalr.models.ModelFamily;
import picocli.CommandLine.Option;

/**
 * The model a command works on: {@code --model} (a registered {@link ModelFamily}), {@code --num-classes},
 * {@code --in-channels}, {@code --width}. Without {@code --num-classes} the caller supplies the count (the
 * data's classes, or the checkpoint's head). The help's lists of families and default widths come from
 * the registry.
 */
@HelpSection("Model and weights")
final class ModelOptions {

    @Option(names = "--model", completionCandidates = FamilyNames.class,
            description = "the model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})", defaultValue = "resnet18")
    String model;

    @Option(names = "--num-classes", description = "outputs of the model (default: the data's classes, or the checkpoint's)")
    Integer classes;

    @Option(names = "--in-channels", description = "image channels, 1 or 3 (default: ${DEFAULT-VALUE}; unet3d: 1)",
            defaultValue = "3")
    int inChannels;

    @Option(names = "--width", completionCandidates = FamilyWidths.class,
            description = "base width (default: the model's: ${COMPLETION-CANDIDATES})")
    Integer width;

    /**
     * The family {@code --model} names.
     *
     * @throws UserInputException naming {@code --model} and listing the families for an unknown name
     */
    ModelFamily family() {
        if (!ModelFamilies.registry().has(model)) {
            throw new UserInputException("--model must be one of " + String.join(", ", ModelFamilies.registry().names())
                    + "; got '" + model + "'");
        }
        return ModelFamilies.registry().named(model);
    }

    /** Whether the model segments volumes rather than classifying images. */
    boolean segmentation() {
        return family().segmentation();
    }

    /** The network with {@code --num-classes}, or {@code defaultClasses} without it. */
    Network network(int defaultClasses) {
        int k = classes != null ? classes : defaultClasses;
        if (k < 1) {
            throw new UserInputException("--num-classes must be >= 1, got " + k);
        }
        if (inChannels < 1) {
            throw new UserInputException("--in-channels must be >= 1, got " + inChannels);
        }
        if (width != null && width < 1) {
            throw new UserInputException("--width must be >= 1, got " + width);
        }
        ModelFamily family = family();
        return family.network(new ModelFamily.Options(k, inChannels, width == null ? family.defaultWidth() : width));
    }

    /** The image channels the model reads, checked against what the image pipeline can make. */
    int imageChannels() {
        if (inChannels != 1 && inChannels != 3) {
            throw new UserInputException("--in-channels must be 1 or 3 for image data, got " + inChannels);
        }
        return inChannels;
    }

    /** The registered families' names, for {@code --model}'s help. */
    static final class FamilyNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ModelFamilies.registry().names().iterator();
        }
    }

    /** Each family's default width ({@code resnet18 64}), for {@code --width}'s help. */
    static final class FamilyWidths implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ModelFamilies.registry().all().stream().map(f -> f.name() + " " + f.defaultWidth()).iterator();
        }
    }
}
