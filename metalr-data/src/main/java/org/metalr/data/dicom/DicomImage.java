package org.metalr.data.dicom;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.metalr.data.BadInputException;
import org.metalr.data.DataFiles;

/**
 * One single-frame image read from a DICOM file (PS3.10), with its pixel values at three stages:
 * <ol>
 *   <li><b>stored values</b> ({@link #storedValues}): the integers in Pixel Data, the bits above
 *       Bits Stored masked off and sign-extended when Pixel Representation is 1;</li>
 *   <li><b>modality values</b> ({@link #modalityValues}): {@code storedValue * RescaleSlope + RescaleIntercept}
 *       for grey images when the file has both attributes (as pydicom's {@code apply_modality_lut}),
 *       the stored values otherwise and for RGB;</li>
 *   <li><b>a rendering to {@code [0, 1]}</b> ({@link #render}), grey or RGB; see there for the window.</li>
 * </ol>
 * Read are: the file with or without its 128-byte preamble and {@code DICM} prefix, with or without
 * file meta information (without it, the encoding is guessed from the first element as pydicom does:
 * explicit VR if its VR bytes name a VR, big endian if its group then reads above 1023); the native
 * transfer syntaxes of {@link TransferSyntax}; sequences and items of defined or undefined length
 * (skipped); Photometric Interpretation MONOCHROME1, MONOCHROME2 and RGB (planar configuration 0 or
 * 1); Bits Allocated 8 or 16, any Bits Stored up to it with High Bit = Bits Stored - 1, unsigned or
 * two's-complement signed (grey only). Everything else is refused with a {@link BadInputException}
 * naming the file and the reason: compressed transfer syntaxes (naming the syntax), several frames,
 * other photometric interpretations, a Modality LUT Sequence, float pixel data, missing or
 * inconsistent attributes, truncated data.
 *
 * <p>Immutable. Holds {@code 4 * channels * rows * columns} bytes of stored values.
 */
public final class DicomImage {

    /** Larger images are refused before their pixels are allocated (as {@code ImageDecoder} does). */
    public static final long MAX_PIXELS = 1L << 28;

    private final TransferSyntax transferSyntax;
    private final Photometric photometric;
    private final int rows;
    private final int columns;
    private final int bitsAllocated;
    private final int bitsStored;
    private final boolean signed;
    private final double slope;
    private final double intercept;
    private final DicomWindow window;
    private final int[] stored;

    DicomImage(TransferSyntax transferSyntax, Photometric photometric, int rows, int columns, int bitsAllocated,
            int bitsStored, boolean signed, double slope, double intercept, DicomWindow window, int[] stored) {
        this.transferSyntax = Objects.requireNonNull(transferSyntax, "transferSyntax");
        this.photometric = Objects.requireNonNull(photometric, "photometric");
        this.rows = rows;
        this.columns = columns;
        this.bitsAllocated = bitsAllocated;
        this.bitsStored = bitsStored;
        this.signed = signed;
        this.slope = slope;
        this.intercept = intercept;
        this.window = window;
        this.stored = stored;
        if ((long) photometric.samplesPerPixel() * rows * columns != stored.length) {
            throw new IllegalArgumentException("stored values do not fit " + this);
        }
    }

    /**
     * Reads a DICOM file.
     *
     * @throws BadInputException if the file is missing or unreadable, not DICOM, or not an image read
     *                           here; the message names the file and the reason
     */
    public static DicomImage read(Path file) {
        return read(DataFiles.readAllBytes(file), file);
    }

    /**
     * Reads a DICOM file held in memory; {@code name} only labels errors.
     *
     * @throws BadInputException as {@link #read(Path)}
     */
    public static DicomImage read(byte[] bytes, Path name) {
        return new DicomParser(bytes, name).image();
    }

    /** The syntax the data set was read with (guessed, for a file without meta information). */
    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    public Photometric photometric() {
        return photometric;
    }

    /** 1 for grey images, 3 for RGB. */
    public int channels() {
        return photometric.samplesPerPixel();
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public int bitsAllocated() {
        return bitsAllocated;
    }

    public int bitsStored() {
        return bitsStored;
    }

    /** Pixel Representation 1: two's-complement stored values. */
    public boolean signed() {
        return signed;
    }

    /** The rescale slope applied to grey images: (0028,1053) when the file has slope and intercept, else 1. */
    public double rescaleSlope() {
        return slope;
    }

    /** The rescale intercept applied to grey images: (0028,1052) when the file has slope and intercept, else 0. */
    public double rescaleIntercept() {
        return intercept;
    }

    /**
     * The file's own window: the first (0028,1050) Window Center and (0028,1051) Window Width, with
     * the (0028,1056) VOI LUT Function (LINEAR when absent). Empty for RGB images and files without one.
     */
    public Optional<DicomWindow> fileWindow() {
        return Optional.ofNullable(window);
    }

    /**
     * The stored values, {@code [C, H, W]} row-major whatever the planar configuration (the array
     * itself, not a copy: do not modify it).
     */
    public int[] storedValues() {
        return stored;
    }

    /** The modality value of one stored value. */
    public double modality(int storedValue) {
        return photometric.monochrome() ? storedValue * slope + intercept : storedValue;
    }

    /** Every pixel's modality value, {@code [C, H, W]}, a new array. */
    public double[] modalityValues() {
        double[] out = new double[stored.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = modality(stored[i]);
        }
        return out;
    }

    /**
     * The modality values of the smallest and the largest value Bits Stored can hold, lowest first:
     * the range a grey image is rendered over when no window is given or stored (pydicom's output range
     * of {@code apply_windowing}).
     */
    public double[] fullRange() {
        int lo = signed ? -(1 << (bitsStored - 1)) : 0;
        int hi = signed ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
        double a = modality(lo);
        double b = modality(hi);
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }

    /**
     * The image as {@code [C, H, W]} values in {@code [0, 1]}, as the image pipeline takes it.
     *
     * <p>Grey images: each modality value through, in this order of precedence, {@code window} (the
     * {@code --dicom-window} option), else the {@link #fileWindow file's own first window}, else the
     * linear map of the {@link #fullRange full range} onto {@code [0, 1]}; then MONOCHROME1 is inverted
     * ({@code 1 - v}). RGB images: each stored value divided by {@code 2^BitsStored - 1} (for 8 bits,
     * exactly what a PNG of the same pixels gives); windows do not apply to colour (PS3.3 C.11.2).
     *
     * @param window the window for grey images, or null for the file's own window, else the full range
     */
    public float[] render(DicomWindow window) {
        float[] out = new float[stored.length];
        if (!photometric.monochrome()) {
            float max = (float) ((1 << bitsStored) - 1);
            for (int i = 0; i < out.length; i++) {
                out[i] = stored[i] / max;
            }
            return out;
        }
        DicomWindow w = window != null ? window : this.window;
        double[] range = fullRange();
        double span = range[1] - range[0];
        boolean invert = photometric == Photometric.MONOCHROME1;
        for (int i = 0; i < out.length; i++) {
            double x = modality(stored[i]);
            double v = w != null ? w.apply(x) : (x - range[0]) / span;
            out[i] = (float) (invert ? 1 - v : v);
        }
        return out;
    }

    @Override
    public String toString() {
        return "DicomImage[" + photometric + " " + rows + "x" + columns + ", " + bitsStored + " of " + bitsAllocated
                + " bits " + (signed ? "signed" : "unsigned") + ", " + transferSyntax + "]";
    }
}
