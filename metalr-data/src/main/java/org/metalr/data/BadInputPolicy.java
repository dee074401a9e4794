package org.metalr.data;

/** What to do with a bad input met while scanning a dataset. */
public enum BadInputPolicy {
    /** Throw a {@link BadInputException} naming the file and the problem. */
    FAIL,
    /**
     * Leave the file out and record it in the {@link BadInputReport}. Image files are then decoded
     * once during the scan, and volume files read through, since only that finds a truncated body.
     */
    SKIP
}
