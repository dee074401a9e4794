package org.metalr.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A run file that exists but cannot be read as what it claims to be: not CSV or JSON, the wrong
 * header, a value of the wrong type. The message starts with the file (and the line or JSON key
 * where known); callers that separate bad input from internal failures catch this type.
 */
public final class RunFileException extends IOException {

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
