package org.metalr.report;

import java.nio.file.Path;
import java.util.Objects;
import org.metalr.api.UserInputException;

/**
 * A run file that exists but cannot be read as what it claims to be: not CSV or JSON, the wrong
 * header, a value of the wrong type. The message starts with the file (and the line or JSON key
 * where known). A {@link UserInputException}: the folder was named by the user (a run or comparison
 * folder to report on), so the command exits with status 2; a file that cannot be read at all stays an
 * {@link java.io.IOException}.
 */
public final class RunFileException extends UserInputException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** @param file the file; {@code problem} what was found and what was expected */
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
