package org.metalr.app;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.metalr.api.UserInputException;
import org.metalr.data.BadInputException;

/** Tells bad input (the user's to fix: exit code 2) from internal failures (exit code 1). */
final class BadInput {

    private BadInput() {}

    /**
     * Bad input: invalid arguments or settings, and files that are missing or malformed. The
     * project's own input exceptions are {@link UserInputException}s, IllegalArgumentExceptions,
     * IOExceptions naming the file, and the data module's {@link BadInputException}s.
     */
    static boolean is(Throwable ex) {
        return ex instanceof UserInputException
                || ex instanceof IllegalArgumentException
                || ex instanceof BadInputException
                || ex instanceof NoSuchFileException
                || ex instanceof FileNotFoundException
                || ex instanceof IOException;
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
