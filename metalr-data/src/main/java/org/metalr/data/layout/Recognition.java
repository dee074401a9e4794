package org.metalr.data.layout;

import java.util.Objects;

/**
 * What a layout sees in a path ({@link DatasetLayout#recognise}).
 *
 * @param strength how sure it is
 * @param what     what it saw, to complete "X looks like ...": "a POCUS folder (fold folders split0..split4)";
 *                 empty for {@link Strength#NONE}
 */
public record Recognition(Strength strength, String what) {

    /** How sure a recognition is. */
    public enum Strength {
        /** Not this layout's data. */
        NONE,
        /** Data this layout can read, as other layouts may too (a folder of class folders). */
        GENERIC,
        /** The layout's own marks: its folder names, file names or files. */
        SPECIFIC
    }

    public Recognition {
        Objects.requireNonNull(strength, "strength");
        Objects.requireNonNull(what, "what");
        if ((strength == Strength.NONE) != what.isEmpty()) {
            throw new IllegalArgumentException("a recognition says what it saw, and only then: " + strength + " '"
                    + what + "'");
        }
    }

    /** Not this layout's data. */
    public static Recognition none() {
        return new Recognition(Strength.NONE, "");
    }

    /** Readable by this layout, as by others. */
    public static Recognition generic(String what) {
        return new Recognition(Strength.GENERIC, what);
    }

    /** This layout's own marks. */
    public static Recognition specific(String what) {
        return new Recognition(Strength.SPECIFIC, what);
    }

    /** Whether anything was recognised. */
    public boolean recognised() {
        return strength != Strength.NONE;
    }
}
