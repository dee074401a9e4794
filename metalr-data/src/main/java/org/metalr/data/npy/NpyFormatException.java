package org.metalr.data.npy;

/**
 * A malformed {@code .npy} header; {@link NpzFile} rethrows it as a
 * {@link org.metalr.data.BadInputException} naming the file and the array.
 */
public final class NpyFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }
}
