package org.metalr.app;

import org.metalr.data.image.Normalize;
import picocli.CommandLine.Option;

/**
 * The input settings of the commands that read a saved model ({@code predict}, {@code features}):
 * {@code --image-size}, {@code --mean} and {@code --std}; a setting not given is the run's, read
 * from the checkpoint's run folder ({@link SavedModel}), else the default.
 */
final class InputOptions {

    @Option(names = "--image-size", paramLabel = "P", description = "side of the square input (default: the run's, else 64)")
    Integer imageSize;

    @Option(names = "--mean", paramLabel = "M[,M,M]", description = "normalisation mean (default: the run's, else 0.18)")
    String mean;

    @Option(names = "--std", paramLabel = "S[,S,S]", description = "normalisation standard deviation (default: the run's, else 0.24)")
    String std;

    /** The input side for {@code saved}. */
    int size(SavedModel saved) {
        return saved.imageSize(imageSize);
    }

    /**
     * The normalisation for {@code saved} and {@code channels}-channel input.
     *
     * @throws UserInputException naming the flag for a malformed list or a non-positive std
     */
    Normalize normalize(SavedModel saved, int channels) {
        return saved.normalize(mean, std, channels);
    }
}
