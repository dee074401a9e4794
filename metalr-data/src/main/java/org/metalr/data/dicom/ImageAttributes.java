package org.metalr.data.dicom;

import java.util.Locale;

/**
 * Checks the image attributes a {@link DicomParser} kept, in the order a reader meets the problems
 * (no pixels, several frames, unsupported encodings, missing attributes, truncated data), and decodes
 * the stored values.
 */
final class ImageAttributes {

    private ImageAttributes() {
    }

    static DicomImage build(DicomParser p, TransferSyntax syntax) {
        if (p.pixelOffset() < 0) {
            if (p.has(DicomTags.FLOAT_PIXEL_DATA) || p.has(DicomTags.DOUBLE_FLOAT_PIXEL_DATA)) {
                throw p.bad("float pixel data (7FE0,0008) or (7FE0,0009) is not supported, only integer Pixel Data (7FE0,0010)");
            }
            throw p.bad("no Pixel Data element (7FE0,0010): not an image, or a truncated file");
        }
        double[] frames = p.numbers(DicomTags.NUMBER_OF_FRAMES, "Number of Frames");
        if (frames != null && frames[0] != 1) {
            throw p.bad(frames[0] > 1
                    ? "multi-frame DICOM images are not supported: Number of Frames (0028,0008) is " + (long) frames[0]
                            + "; only single-frame images are"
                    : "Number of Frames (0028,0008) is " + frames[0]);
        }
        if (p.has(DicomTags.MODALITY_LUT_SEQUENCE)) {
            throw p.bad("a Modality LUT Sequence (0028,3000) is not supported; only Rescale Slope and Intercept are");
        }
        Photometric photometric = photometric(p);
        int samples = required(p, DicomTags.SAMPLES_PER_PIXEL, "Samples per Pixel");
        if (samples != photometric.samplesPerPixel()) {
            throw p.bad("Samples per Pixel (0028,0002) is " + samples + ", but " + photometric + " needs "
                    + photometric.samplesPerPixel());
        }
        int rows = required(p, DicomTags.ROWS, "Rows");
        int columns = required(p, DicomTags.COLUMNS, "Columns");
        if (rows < 1 || columns < 1) {
            throw p.bad("empty image: Rows " + rows + ", Columns " + columns);
        }
        if ((long) rows * columns > DicomImage.MAX_PIXELS) {
            throw p.bad(rows + "x" + columns + " pixels, more than the " + DicomImage.MAX_PIXELS + " allowed");
        }
        int allocated = required(p, DicomTags.BITS_ALLOCATED, "Bits Allocated");
        if (allocated != 8 && allocated != 16) {
            throw p.bad("Bits Allocated (0028,0100) " + allocated + " is not supported (supported: 8, 16)");
        }
        int stored = p.unsignedShort(DicomTags.BITS_STORED, "Bits Stored", allocated);
        if (stored < 1 || stored > allocated) {
            throw p.bad("Bits Stored (0028,0101) " + stored + " does not fit Bits Allocated " + allocated);
        }
        int highBit = p.unsignedShort(DicomTags.HIGH_BIT, "High Bit", stored - 1);
        if (highBit != stored - 1) {
            throw p.bad("High Bit (0028,0102) " + highBit + " with Bits Stored " + stored
                    + " is not supported (only High Bit = Bits Stored - 1)");
        }
        int representation = p.unsignedShort(DicomTags.PIXEL_REPRESENTATION, "Pixel Representation", 0);
        if (representation > 1) {
            throw p.bad("Pixel Representation (0028,0103) " + representation + " is neither 0 (unsigned) nor 1 (signed)");
        }
        boolean signed = representation == 1;
        if (signed && !photometric.monochrome()) {
            throw p.bad("signed RGB samples (Pixel Representation 1) are not supported");
        }
        int planar = photometric.monochrome() ? 0 : p.unsignedShort(DicomTags.PLANAR_CONFIGURATION, "Planar Configuration", 0);
        if (planar > 1) {
            throw p.bad("Planar Configuration (0028,0006) " + planar + " is neither 0 nor 1");
        }
        long needed = (long) rows * columns * samples * (allocated / 8);
        if (p.pixelLength() < needed) {
            throw p.bad("truncated Pixel Data: " + p.pixelLength() + " bytes, but " + rows + "x" + columns + "x" + samples
                    + " samples of " + allocated + " bits need " + needed);
        }
        double slope = 1;
        double intercept = 0;
        double[] s = p.numbers(DicomTags.RESCALE_SLOPE, "Rescale Slope");
        double[] i = p.numbers(DicomTags.RESCALE_INTERCEPT, "Rescale Intercept");
        if (s != null && i != null && photometric.monochrome()) { // both or neither, as pydicom's apply_modality_lut
            if (s[0] == 0) {
                throw p.bad("Rescale Slope (0028,1053) is 0");
            }
            slope = s[0];
            intercept = i[0];
        }
        DicomWindow window = photometric.monochrome() ? window(p) : null;
        int[] values = storedValues(p, rows * columns, samples, planar, allocated, stored, signed);
        return new DicomImage(syntax, photometric, rows, columns, allocated, stored, signed, slope, intercept, window, values);
    }

    private static Photometric photometric(DicomParser p) {
        String text = p.text(DicomTags.PHOTOMETRIC_INTERPRETATION);
        if (text == null) {
            throw p.bad("missing Photometric Interpretation (0028,0004)");
        }
        try {
            return Photometric.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw p.bad("Photometric Interpretation '" + text + "' is not supported (supported: MONOCHROME1, MONOCHROME2, RGB)");
        }
    }

    private static int required(DicomParser p, int tag, String name) {
        int v = p.unsignedShort(tag, name, -1);
        if (v < 0) {
            throw p.bad("missing " + name + " " + DicomTags.format(tag));
        }
        return v;
    }

    /** The first Window Center and Width with the VOI LUT Function, or null when the file has neither. */
    private static DicomWindow window(DicomParser p) {
        double[] centers = p.numbers(DicomTags.WINDOW_CENTER, "Window Center");
        double[] widths = p.numbers(DicomTags.WINDOW_WIDTH, "Window Width");
        if (centers == null && widths == null) {
            return null;
        }
        if (centers == null || widths == null) {
            throw p.bad(centers == null ? "Window Width (0028,1051) without Window Center (0028,1050)"
                    : "Window Center (0028,1050) without Window Width (0028,1051)");
        }
        String function = p.text(DicomTags.VOI_LUT_FUNCTION);
        try {
            return new DicomWindow(centers[0], widths[0],
                    function == null ? DicomWindow.Function.LINEAR : DicomWindow.Function.parse(function));
        } catch (IllegalArgumentException e) {
            throw p.bad("the file's window (0028,1050)-(0028,1056): " + e.getMessage());
        }
    }

    /**
     * The samples as {@code [C, H, W]}: the low {@code stored} bits, sign-extended when signed. 8-bit
     * samples in a big-endian OW value are byte-swapped in pairs (PS3.5 8.1.1: OW is a stream of 16-bit words).
     */
    private static int[] storedValues(DicomParser p, int pixels, int samples, int planar, int allocated, int stored,
            boolean signed) {
        byte[] b = p.bytes();
        int offset = p.pixelOffset();
        int swap = allocated == 8 && p.bigEndian() && "OW".equals(p.pixelVr()) ? 1 : 0;
        int mask = (int) ((1L << stored) - 1);
        int signBit = 1 << (stored - 1);
        int[] out = new int[samples * pixels];
        for (int c = 0; c < samples; c++) {
            for (int i = 0; i < pixels; i++) {
                int sample = planar == 0 ? i * samples + c : c * pixels + i;
                int raw = allocated == 8 ? b[offset + (sample ^ swap)] & 0xFF : p.u16(offset + 2 * sample);
                raw &= mask;
                out[c * pixels + i] = signed && (raw & signBit) != 0 ? raw - (mask + 1) : raw;
            }
        }
        return out;
    }
}
