package org.metalr.api;

/**
 * The user's input cannot be used: a flag, a setting, a file, a dataset, a configuration or a
 * checkpoint. The one base type of such errors, whatever module finds them: the command exits with
 * status 2 for these and only these, printing the message, which names the flag, setting, file or key
 * and says what was expected. Everything else (an internal check, a full disk, running out of memory)
 * is a failure of the program or its environment, exit status 1.
 *
 * <p>Unchecked, because user input is also found inside iterators and callbacks. Thrown before any
 * work where the input can be checked then.
 */
public class UserInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message names the flag, setting, file or key, and what was expected */
    public UserInputException(String message) {
        super(message);
    }

    /** @param message names the flag, setting, file or key, and what was expected */
    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
