package org.metalr.models.checkpoint;

import org.metalr.api.UserInputException;

/**
 * A checkpoint could not be read, written or matched against a model. The message names the file
 * (or other source), the tensor key where one is concerned, and the problem: a corrupt or truncated
 * archive, a malformed header, a storage shorter than a tensor needs, unsupported pickle content,
 * missing or unexpected tensors, shape mismatches.
 *
 * <p>A {@link UserInputException}: every failure here is a property of a file the user named (or of
 * the model it is matched against), the user's to fix; the command exits with status 2. A checkpoint
 * that cannot be <em>written</em> is not one of these: writers throw an {@link java.io.IOException}
 * (a full disk is the environment's failure). Whenever one is thrown, nothing has been returned:
 * readers and loaders never hand out a partially read result.
 */
public class CheckpointException extends UserInputException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String key;

    /**
     * @param source the file or other source, as it should appear in the message
     * @param key    the tensor key concerned, or null
     * @param problem what went wrong
     */
    public CheckpointException(String source, String key, String problem) {
        this(source, key, problem, null);
    }

    public CheckpointException(String source, String key, String problem, Throwable cause) {
        super(format(source, key, problem), cause);
        this.source = source;
        this.key = key;
    }

    private static String format(String source, String key, String problem) {
        StringBuilder sb = new StringBuilder(String.valueOf(source));
        if (key != null) {
            sb.append(": tensor '").append(key).append('\'');
        }
        return sb.append(": ").append(problem).toString();
    }

    /** The file (or other source) concerned, as named in the message. */
    public String source() {
        return source;
    }

    /** The tensor key concerned, or null when the problem is not about one tensor. */
    public String key() {
        return key;
    }
}
