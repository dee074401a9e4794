package org.metalr.train.method;

import java.util.Objects;
import org.metalr.api.UserInputException;

/**
 * A setting of a fine-tuning run is invalid: thrown before any work starts, with the setting's name as
 * the command line spells it ({@code lr}, {@code method}, {@code batch-size}, ...) and what was
 * expected. One of the user's input errors ({@link UserInputException}): the command exits with status 2.
 */
public final class InvalidConfigException extends UserInputException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * @param setting the setting's name, as on the command line
     * @param problem what is wrong and what was expected
     */
    public InvalidConfigException(String setting, String problem) {
        super("invalid setting '" + Objects.requireNonNull(setting, "setting") + "': " + problem);
        this.setting = setting;
    }

    /** The setting's name, as on the command line. */
    public String setting() {
        return setting;
    }
}
