package org.metalr.data.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A volume file or a volume data set that cannot be used: a bad NIfTI header, a wrong magic, an
 * unsupported data type, a truncated body, a volume whose segmentation is missing or has another shape.
 * The message always starts with the offending file, followed by the problem.
 */
public class VolumeDataException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public VolumeDataException(Path file, String problem) {
        this(file, problem, null);
    }

    public VolumeDataException(Path file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file (or folder) the problem is about. */
    public Path file() {
        return file;
    }

    /** The problem, without the file name. */
    public String problem() {
        return problem;
    }
}
