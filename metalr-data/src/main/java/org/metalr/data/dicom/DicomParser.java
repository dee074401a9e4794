package org.metalr.data.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.metalr.data.BadInputException;

/**
 * Walks a DICOM file's elements once, keeping the few attributes an image needs, and builds the
 * {@link DicomImage}. Sequences are skipped without being read; the walk stops at the top-level Pixel
 * Data. Every length is checked against the bytes present, so a truncated or corrupt file gives a
 * {@link BadInputException}, never an out-of-bounds read. Single use, not thread-safe.
 */
final class DicomParser {

    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int MAX_DEPTH = 32;
    private static final int MAX_INFLATED = 1 << 30;

    /** The top-level elements whose values {@link ImageAttributes} reads. */
    private static final Set<Integer> KEPT = Set.of(DicomTags.SAMPLES_PER_PIXEL, DicomTags.PHOTOMETRIC_INTERPRETATION,
            DicomTags.PLANAR_CONFIGURATION, DicomTags.NUMBER_OF_FRAMES, DicomTags.ROWS, DicomTags.COLUMNS,
            DicomTags.BITS_ALLOCATED, DicomTags.BITS_STORED, DicomTags.HIGH_BIT, DicomTags.PIXEL_REPRESENTATION,
            DicomTags.WINDOW_CENTER, DicomTags.WINDOW_WIDTH, DicomTags.RESCALE_INTERCEPT, DicomTags.RESCALE_SLOPE,
            DicomTags.VOI_LUT_FUNCTION, DicomTags.MODALITY_LUT_SEQUENCE, DicomTags.FLOAT_PIXEL_DATA,
            DicomTags.DOUBLE_FLOAT_PIXEL_DATA, DicomTags.PIXEL_DATA);

    private static final Set<String> VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT",
            "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN",
            "UR", "US", "UT", "UV");

    /** VRs whose explicit encoding has two reserved bytes and a 4-byte length. */
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR",
            "UT", "UV");

    private final Path file;
    private byte[] b;
    private int pos;
    private boolean explicitVr;
    private boolean bigEndian;
    private TransferSyntax syntax;
    private final Map<Integer, Value> kept = new HashMap<>();

    /** An element's value: where it lies in {@link #b}, and its VR when the encoding says it. */
    private record Value(String vr, int offset, long length) {}

    /** One element header. */
    private record Header(int tag, String vr, long length, int valueOffset) {}

    DicomParser(byte[] bytes, Path file) {
        this.b = bytes;
        this.file = file;
    }

    DicomImage image() {
        boolean preamble = b.length >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
        pos = preamble ? 132 : 0;
        String uid = readFileMeta();
        syntax = uid != null ? TransferSyntax.of(uid, file) : guessSyntax();
        explicitVr = syntax.explicitVr();
        bigEndian = syntax.bigEndian();
        if (!preamble && uid == null && !startsLikeDataSet()) {
            throw bad("not a DICOM file (no DICM prefix at byte 128, no file meta information,"
                    + " and no data element at the start)");
        }
        if (syntax.deflated()) {
            b = inflate(pos);
            pos = 0;
        }
        readDataSet();
        return ImageAttributes.build(this, syntax);
    }

    /** The file meta group (0002,xxxx), explicit VR little endian; returns the transfer syntax UID or null. */
    private String readFileMeta() {
        String uid = null;
        bigEndian = false;
        while (pos + 8 <= b.length && u16(pos) == 0x0002) {
            explicitVr = looksLikeVr(pos + 4);
            Header h = header();
            if (h.length == UNDEFINED) {
                throw bad("file meta element " + DicomTags.format(h.tag) + " has an undefined length");
            }
            int end = valueEnd(h);
            if (h.tag == DicomTags.TRANSFER_SYNTAX) {
                uid = ascii(h.valueOffset, (int) h.length);
            }
            pos = end;
        }
        return uid;
    }

    /**
     * The encoding of a data set without a transfer syntax, guessed as pydicom does: explicit VR if the
     * first element's VR bytes name a VR, then big endian if its group reads above 1023 in little endian.
     */
    private TransferSyntax guessSyntax() {
        if (pos + 6 > b.length || !looksLikeVr(pos + 4)) {
            return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        return u16(pos) >= 1024 ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    }

    /**
     * Whether a file without a DICM prefix or meta group starts like an image's data set: with an
     * element of an even group from 0x0008 to 0x0028 (the image attributes' group) in the guessed byte order.
     */
    private boolean startsLikeDataSet() {
        if (pos + 8 > b.length) {
            return false;
        }
        int group = u16(pos);
        return group % 2 == 0 && group >= 0x0008 && group <= 0x0028;
    }

    private byte[] inflate(int from) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(b, from, b.length - from);
            long guess = Math.max(1024, 4L * (b.length - from));
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(MAX_INFLATED, guess));
            byte[] chunk = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw bad("truncated deflated data set (the deflate stream ends early)");
                }
                if (out.size() + (long) n > MAX_INFLATED) {
                    throw bad("deflated data set inflates to more than " + MAX_INFLATED + " bytes");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw bad("corrupt deflated data set (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    /** The top-level elements up to Pixel Data, keeping those in {@link #KEPT}. */
    private void readDataSet() {
        while (pos < b.length) {
            if (isTrailingPadding()) {
                return;
            }
            Header h = header();
            if ((h.tag >>> 16) == 0xFFFE) {
                throw bad("unexpected item or delimiter " + DicomTags.format(h.tag) + " at byte " + (h.valueOffset - 8)
                        + " outside a sequence");
            }
            if (h.tag == DicomTags.PIXEL_DATA) {
                if (h.length == UNDEFINED) {
                    throw bad("encapsulated (compressed) Pixel Data under the uncompressed transfer syntax " + syntax);
                }
                if (h.valueOffset + h.length > b.length) {
                    throw bad("truncated Pixel Data: " + h.length + " bytes declared, " + (b.length - h.valueOffset)
                            + " present");
                }
                kept.put(h.tag, new Value(h.vr, h.valueOffset, h.length));
                return;
            }
            if (h.length == UNDEFINED) {
                if (KEPT.contains(h.tag)) {
                    kept.put(h.tag, new Value(h.vr, h.valueOffset, h.length));
                }
                pos = h.valueOffset;
                skipUndefinedLength(h, 1);
            } else {
                int end = valueEnd(h);
                if (KEPT.contains(h.tag)) {
                    kept.put(h.tag, new Value(h.vr, h.valueOffset, h.length));
                }
                pos = end;
            }
        }
    }

    /** Fewer than 8 zero bytes left after the last element: padding some writers leave. */
    private boolean isTrailingPadding() {
        if (b.length - pos >= 8) {
            return false;
        }
        for (int i = pos; i < b.length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Skips the value of an element of undefined length, {@link #pos} at its start: a sequence of
     * items up to its delimiter. A UN element's items are implicit VR little endian (PS3.5 6.2.2).
     */
    private void skipUndefinedLength(Header h, int depth) {
        if (depth > MAX_DEPTH) {
            throw bad("sequences nested deeper than " + MAX_DEPTH + " levels");
        }
        if (explicitVr && h.vr != null && !h.vr.equals("SQ") && !h.vr.equals("UN") && h.tag != DicomTags.PIXEL_DATA) {
            throw bad("element " + DicomTags.format(h.tag) + " with VR " + h.vr + " has an undefined length");
        }
        boolean wasExplicit = explicitVr;
        boolean wasBig = bigEndian;
        if ("UN".equals(h.vr)) {
            explicitVr = false;
            bigEndian = false;
        }
        try {
            while (true) {
                Header item = header();
                if (item.tag == DicomTags.SEQUENCE_END) {
                    pos = item.valueOffset;
                    return;
                }
                if (item.tag != DicomTags.ITEM) {
                    throw bad("expected an item in the sequence " + DicomTags.format(h.tag) + ", found "
                            + DicomTags.format(item.tag) + " at byte " + (item.valueOffset - 8));
                }
                if (item.length == UNDEFINED) {
                    pos = item.valueOffset;
                    skipItemElements(depth);
                } else {
                    pos = valueEnd(item);
                }
            }
        } finally {
            explicitVr = wasExplicit;
            bigEndian = wasBig;
        }
    }

    /** Skips the elements of an item of undefined length, up to and including its delimiter. */
    private void skipItemElements(int depth) {
        while (true) {
            Header h = header();
            if (h.tag == DicomTags.ITEM_END) {
                pos = h.valueOffset;
                return;
            }
            if (h.length == UNDEFINED) {
                pos = h.valueOffset;
                skipUndefinedLength(h, depth + 1);
            } else {
                pos = valueEnd(h);
            }
        }
    }

    /** Reads the element header at {@link #pos}; items and delimiters have no VR in any encoding. */
    private Header header() {
        need(pos, 8, "an element header");
        int tag = u16(pos) << 16 | u16(pos + 2);
        if ((tag >>> 16) == 0xFFFE || !explicitVr) {
            return new Header(tag, null, u32(pos + 4), pos + 8);
        }
        String vr = new String(b, pos + 4, 2, StandardCharsets.ISO_8859_1);
        if (!VRS.contains(vr)) {
            throw bad("unknown VR '" + printable(vr) + "' of element " + DicomTags.format(tag) + " at byte " + pos);
        }
        if (LONG_VRS.contains(vr)) {
            need(pos, 12, "an element header");
            return new Header(tag, vr, u32(pos + 8), pos + 12);
        }
        return new Header(tag, vr, u16(pos + 6), pos + 8);
    }

    /** The end of a defined-length value, checked against the data present. */
    private int valueEnd(Header h) {
        if (h.valueOffset + h.length > b.length) {
            throw bad("truncated DICOM data: element " + DicomTags.format(h.tag) + " declares " + h.length + " bytes, "
                    + (b.length - h.valueOffset) + " present");
        }
        return (int) (h.valueOffset + h.length);
    }

    private void need(int at, int n, String what) {
        if (at + n > b.length) {
            throw bad("truncated DICOM data: the file ends inside " + what + " at byte " + at);
        }
    }

    private boolean looksLikeVr(int at) {
        return at + 2 <= b.length && VRS.contains(new String(b, at, 2, StandardCharsets.ISO_8859_1));
    }

    int u16(int at) {
        int x = b[at] & 0xFF;
        int y = b[at + 1] & 0xFF;
        return bigEndian ? x << 8 | y : y << 8 | x;
    }

    private long u32(int at) {
        long hi = u16(bigEndian ? at : at + 2);
        long lo = u16(bigEndian ? at + 2 : at);
        return hi << 16 | lo;
    }

    private String ascii(int offset, int length) {
        return new String(b, offset, length, StandardCharsets.ISO_8859_1).replace('\0', ' ').strip();
    }

    // --- values of kept attributes, for ImageAttributes ---

    boolean has(int tag) {
        Value v = kept.get(tag);
        return v != null && v.length != 0;
    }

    /** An unsigned short (US), or {@code fallback} when absent or empty. */
    int unsignedShort(int tag, String name, int fallback) {
        Value v = kept.get(tag);
        if (v == null || v.length == 0) {
            return fallback;
        }
        if (v.length < 2 || v.length == UNDEFINED) {
            throw bad("(" + name + ") " + DicomTags.format(tag) + " has a value of " + v.length + " bytes, expected 2");
        }
        return u16(v.offset);
    }

    /** A text value (CS, IS, DS), padding stripped, or null when absent or empty. */
    String text(int tag) {
        Value v = kept.get(tag);
        if (v == null || v.length == 0 || v.length == UNDEFINED) {
            return null;
        }
        String s = ascii(v.offset, (int) v.length);
        return s.isEmpty() ? null : s;
    }

    /** The numbers of a DS or IS value (backslash-separated), or null when absent or empty. */
    double[] numbers(int tag, String name) {
        String s = text(tag);
        if (s == null) {
            return null;
        }
        String[] parts = s.split("\\\\");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw bad(name + " " + DicomTags.format(tag) + " is not a number: '" + printable(s) + "'");
            }
            if (!Double.isFinite(out[i])) {
                throw bad(name + " " + DicomTags.format(tag) + " is not a finite number: '" + printable(s) + "'");
            }
        }
        return out;
    }

    /** Offset of the Pixel Data value in {@link #bytes()}, or -1 if there is none. */
    int pixelOffset() {
        Value v = kept.get(DicomTags.PIXEL_DATA);
        return v == null ? -1 : v.offset;
    }

    long pixelLength() {
        Value v = kept.get(DicomTags.PIXEL_DATA);
        return v == null ? 0 : v.length;
    }

    /** The VR of Pixel Data, or null in implicit VR. */
    String pixelVr() {
        Value v = kept.get(DicomTags.PIXEL_DATA);
        return v == null ? null : v.vr;
    }

    /** The data set's bytes (inflated, for a deflated file). */
    byte[] bytes() {
        return b;
    }

    boolean bigEndian() {
        return bigEndian;
    }

    BadInputException bad(String problem) {
        return new BadInputException(file, problem);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.length() > 40 ? sb.substring(0, 40) + "..." : sb.toString();
    }
}
