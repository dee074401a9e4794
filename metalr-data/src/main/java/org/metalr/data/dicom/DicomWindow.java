package org.metalr.data.dicom;

import java.util.Locale;
import java.util.Objects;
import org.metalr.api.UserInputException;

/**
 * A VOI window (DICOM PS3.3 C.11.2.1.2): which modality values a grey image shows, mapped to
 * {@code [0, 1]}. {@link Function#LINEAR}, the usual one and the one {@link #parse} gives, maps
 * values at or below {@code center - 0.5 - (width - 1) / 2} to 0, values above
 * {@code center - 0.5 + (width - 1) / 2} to 1, and in between
 * {@code ((x - (center - 0.5)) / (width - 1) + 0.5)}; {@code LINEAR_EXACT} and {@code SIGMOID} are the
 * standard's other two functions, used when a file names them in (0028,1056). The formulas are
 * pydicom's {@code apply_windowing} with the output range {@code [0, 1]}.
 *
 * @param center   the window center, in modality units (after rescale slope and intercept)
 * @param width    the window width, at least 1 for {@code LINEAR}, positive for the others
 * @param function how values inside the window are mapped
 */
public record DicomWindow(double center, double width, Function function) {

    /** The VOI LUT functions of (0028,1056). */
    public enum Function {
        LINEAR,
        LINEAR_EXACT,
        SIGMOID;

        /**
         * The function a (0028,1056) value names (case and padding ignored).
         *
         * @throws IllegalArgumentException if it names none
         */
        static Function parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown VOI LUT Function '" + value.strip()
                        + "' (expected LINEAR, LINEAR_EXACT or SIGMOID)", e);
            }
        }
    }

    /**
     * @throws IllegalArgumentException if center or width is not finite, or the width is below the
     *                                  function's minimum (1 for LINEAR, above 0 otherwise)
     */
    public DicomWindow {
        Objects.requireNonNull(function, "function");
        if (!Double.isFinite(center) || !Double.isFinite(width)) {
            throw new IllegalArgumentException("window center and width must be finite numbers, got " + center + ", " + width);
        }
        if (function == Function.LINEAR ? width < 1 : width <= 0) {
            throw new IllegalArgumentException("window width must be " + (function == Function.LINEAR ? "at least 1" : "positive")
                    + " for " + function + ", got " + width);
        }
    }

    /** A LINEAR window, the function of {@link #parse}. */
    public static DicomWindow linear(double center, double width) {
        return new DicomWindow(center, width, Function.LINEAR);
    }

    /**
     * Parses {@code CENTER,WIDTH} (the value of the {@code --dicom-window} option) as a LINEAR window,
     * e.g. {@code 40,400} (a CT soft-tissue window in Hounsfield units).
     *
     * @throws UserInputException if the text is not two numbers with a width of at least 1
     */
    public static DicomWindow parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length == 2) {
            try {
                return linear(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
            } catch (IllegalArgumentException e) { // NumberFormatException included
                throw new UserInputException("DICOM window '" + text + "': " + (e instanceof NumberFormatException
                        ? "not a number" : e.getMessage()) + "; expected CENTER,WIDTH with WIDTH >= 1, e.g. 40,400", e);
            }
        }
        throw new UserInputException("DICOM window '" + text + "': expected CENTER,WIDTH with WIDTH >= 1, e.g. 40,400");
    }

    /** The modality value {@code x} seen through this window, in {@code [0, 1]}. */
    public double apply(double x) {
        switch (function) {
            case SIGMOID:
                return 1 / (1 + Math.exp(-4 * (x - center) / width));
            case LINEAR_EXACT:
                return ramp(x, center, width);
            default:
                return ramp(x, center - 0.5, width - 1);
        }
    }

    private static double ramp(double x, double c, double w) {
        if (x <= c - w / 2) {
            return 0;
        }
        if (x > c + w / 2) {
            return 1;
        }
        return (x - c) / w + 0.5;
    }

    /** {@code CENTER,WIDTH}, with the function when it is not LINEAR; {@link #parse} reads the LINEAR form back. */
    @Override
    public String toString() {
        String cw = number(center) + "," + number(width);
        return function == Function.LINEAR ? cw : cw + " (" + function + ")";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
