package org.metalr.stats;

/** The alternative hypothesis of a test on paired differences {@code d = x - y}. */
public enum Alternative {
    /** The distribution of {@code d} is not symmetric about zero. */
    TWO_SIDED,
    /** {@code d} is stochastically greater than a distribution symmetric about zero ({@code x} better when higher is better). */
    GREATER,
    /** {@code d} is stochastically less than a distribution symmetric about zero. */
    LESS
}
