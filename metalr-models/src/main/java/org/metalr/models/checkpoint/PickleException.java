package org.metalr.models.checkpoint;

/** Pickle data the {@link Unpickler} cannot or will not execute; the message gives the byte offset. */
final class PickleException extends Exception {

    private static final long serialVersionUID = 1L;

    PickleException(String message) {
        super(message);
    }
}
