package org.metalr.runs;

import java.nio.file.Path;
import java.util.Objects;
import org.metalr.api.UserInputException;

/**
 * A file of a run folder that exists but cannot be read as what it claims to be: not JSON or CSV, the
 * wrong header, a value of the wrong type or out of range. The message starts with the file, then the
 * line or the JSON key where known, then what was found and what was expected. The user's input (a
 * run folder given to {@code --resume}, {@code predict} or the report), so a {@link UserInputException}.
 */
public final class RunFileException extends UserInputException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** @param file the file; {@code problem} where, what was found and what was expected */
    public RunFileException(Path file, String problem) {
        super(Objects.requireNonNull(file, "file") + ": " + problem);
        this.file = file;
    }

    /** As {@link #RunFileException(Path, String)}, keeping the parser's exception as the cause. */
    public RunFileException(Path file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
