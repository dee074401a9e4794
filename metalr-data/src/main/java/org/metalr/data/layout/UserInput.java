package org.metalr.data.layout;

import java.util.function.Supplier;
import org.metalr.api.UserInputException;

/** Marks the steps of a layout whose failures are the user's to fix. */
public final class UserInput {

    private UserInput() {}

    /**
     * Runs {@code step}, which checks the user's data or settings by throwing an
     * {@link IllegalArgumentException} or {@link IllegalStateException} (the splitting and generating
     * code of this module does): such a failure is rethrown as a {@link UserInputException} with the
     * same message.
     */
    public static <T> T check(Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }
}
