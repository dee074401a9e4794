package org.metalr.app;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** Tells bad input (the user's to fix: exit code 2) from internal failures (exit code 1). */
final class BadInput {

    private BadInput() {}

    /**
     * Bad input: invalid arguments or settings, and files that are missing or malformed. The
     * project's own input exceptions are IllegalArgumentExceptions or IOExceptions naming the file.
     */
    static boolean is(Throwable ex) {
        return ex instanceof IllegalArgumentException
                || ex instanceof NoSuchFileException
                || ex instanceof FileNotFoundException
                || ex instanceof IOException;
    }

    /** One line: the exception's message, or its type when it has none. */
    static String message(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            return ex.getClass().getSimpleName();
        }
        if (ex instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
