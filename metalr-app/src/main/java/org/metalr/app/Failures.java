package org.metalr.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.metalr.api.UserInputException;
import org.metalr.train.RunInterruptedException;
import org.metalr.train.TrainingDivergedException;
import picocli.CommandLine;

/**
 * The command's failures by family, each with its exit status and its one line on standard error:
 * the user's input (exit 2), a run that diverged (1), a run stopped by a signal (130 or 143), the
 * environment (a full disk, a folder that cannot be written, no memory left: 1) and internal failures
 * (a programming error: 1, "internal error: ...").
 */
enum Failures {
    /** A bad flag, file, dataset, configuration or checkpoint: a {@link UserInputException} or a picocli parameter error. */
    USER_INPUT,
    /** A NaN or infinite loss or hypergradient ({@link TrainingDivergedException}). */
    DIVERGED,
    /** SIGINT or SIGTERM stopped a run after its checkpoint ({@link RunInterruptedException}). */
    INTERRUPTED,
    /** Input or output that failed for reasons outside the user's input, and running out of memory. */
    ENVIRONMENT,
    /** Anything else: a bug. */
    INTERNAL;

    /** Exit status of a bad command line or bad input. */
    static final int BAD_INPUT = 2;
    /** Exit status of a failure that is not the user's input. */
    static final int FAILURE = 1;

    /** The family of {@code ex}. */
    static Failures of(Throwable ex) {
        if (ex instanceof UserInputException || ex instanceof CommandLine.ParameterException) {
            return USER_INPUT;
        }
        if (ex instanceof TrainingDivergedException) {
            return DIVERGED;
        }
        if (ex instanceof RunInterruptedException) {
            return INTERRUPTED;
        }
        if (ex instanceof IOException || ex instanceof UncheckedIOException || ex instanceof OutOfMemoryError) {
            return ENVIRONMENT;
        }
        return INTERNAL;
    }

    /** Whether {@code ex} is the user's to fix (exit status 2): nothing but {@link #USER_INPUT}. */
    static boolean isUserInput(Throwable ex) {
        return of(ex) == USER_INPUT;
    }

    /** The exit status of {@code ex}. */
    int exitCode(Throwable ex) {
        return switch (this) {
            case USER_INPUT -> BAD_INPUT;
            case INTERRUPTED -> Signals.exitCode(((RunInterruptedException) ex).reason());
            default -> FAILURE;
        };
    }

    /** The line printed after "metalr: " for {@code ex} of this family. */
    String line(Throwable ex) {
        return switch (this) {
            case ENVIRONMENT -> environment(ex);
            case INTERNAL -> "internal error: " + message(ex) + " (run again with --verbose for the stack trace)";
            default -> message(ex);
        };
    }

    private static String environment(Throwable ex) {
        Throwable io = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
        if (io instanceof OutOfMemoryError) {
            return "out of memory (" + message(io) + "); give Java more with METALR_JAVA_OPTS=-Xmx..., or use"
                    + " smaller batches or images";
        }
        if (io instanceof FileSystemException fs && fs.getFile() != null && !fs.getMessage().startsWith("cannot ")) {
            String reason = fs.getReason() != null ? fs.getReason()
                    : fs instanceof NoSuchFileException ? "no such file or directory"
                    : fs instanceof AccessDeniedException ? "permission denied" : fs.getClass().getSimpleName();
            return fs.getFile() + ": " + reason;
        }
        return message(io);
    }

    /** Lines of a multi-line message kept after its first. */
    private static final int DETAILS = 3;

    /**
     * One line: the exception's message, or its type when it has none. A message of several lines (a
     * list of problems) keeps its first line and the first few items, joined, and counts the rest.
     */
    static String message(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            return ex.getClass().getSimpleName();
        }
        if (ex instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        String[] lines = m.strip().split("\\R");
        if (lines.length == 1) {
            return lines[0];
        }
        StringBuilder sb = new StringBuilder(lines[0].strip());
        int shown = Math.min(DETAILS, lines.length - 1);
        for (int i = 1; i <= shown; i++) {
            sb.append(i == 1 ? " " : "; ").append(lines[i].strip().replaceFirst("^- ", ""));
        }
        if (lines.length - 1 > shown) {
            sb.append("; ... (").append(lines.length - 1 - shown).append(" more lines; --verbose shows them)");
        }
        return sb.toString();
    }
}
