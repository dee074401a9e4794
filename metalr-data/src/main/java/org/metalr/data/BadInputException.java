package org.metalr.data;

import java.nio.file.Path;
import java.util.Objects;
import org.metalr.api.UserInputException;

/**
 * A data file or folder that cannot be used: a corrupt, truncated or unsupported image, an empty
 * class folder, a manifest row naming a missing file. The message names the file and the problem.
 * A {@link UserInputException}: the user's to fix. Unchecked, because it also surfaces from batch
 * iterators, where a checked exception cannot.
 */
public class BadInputException extends UserInputException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public BadInputException(Path file, String problem) {
        this(file, problem, null);
    }

    public BadInputException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The offending file or folder. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
