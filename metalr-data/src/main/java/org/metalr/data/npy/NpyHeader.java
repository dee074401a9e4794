package org.metalr.data.npy;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} array (format versions 1.0, 2.0 and 3.0): the magic string
 * {@code \x93NUMPY}, the version, the header's length (2 bytes little-endian in 1.0, 4 in 2.0 and 3.0),
 * then a Python dict literal {@code {'descr': '|u1', 'fortran_order': False, 'shape': (N, 28, 28), }}
 * padded with spaces; the array's bytes follow. Only the header is read here; the caller reads the bytes.
 *
 * @param descr        the dtype as NumPy writes it: {@code |u1} for uint8, {@code <f4} for little-endian float32
 * @param fortranOrder whether the bytes are in column-major order
 * @param shape        the dimensions, outermost first; empty for a scalar
 */
public record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Whether the elements are unsigned bytes ({@code |u1}; NumPy writes no byte order for one byte). */
    public boolean isUint8() {
        return descr.equals("|u1") || descr.equals("u1") || descr.equals("<u1") || descr.equals(">u1")
                || descr.equals("=u1");
    }

    /** The number of elements: the product of the shape (1 for a scalar). */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The shape as NumPy prints it: {@code (5, 28, 28)}, {@code (5,)}. */
    public String shapeText() {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /**
     * Reads the header from {@code in}, leaving it at the array's first byte.
     *
     * @throws NpyFormatException if the stream does not start with a well-formed {@code .npy} header
     * @throws IOException        if reading fails
     */
    public static NpyHeader read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length + 2];
        try {
            data.readFully(magic);
        } catch (EOFException e) {
            throw new NpyFormatException("not a .npy array: shorter than its header");
        }
        if (!Arrays.equals(Arrays.copyOf(magic, MAGIC.length), MAGIC)) {
            throw new NpyFormatException("not a .npy array: it does not start with \\x93NUMPY");
        }
        int major = magic[MAGIC.length] & 0xFF;
        int length;
        try {
            if (major == 1) {
                length = data.readUnsignedByte() | data.readUnsignedByte() << 8;
            } else if (major == 2 || major == 3) {
                length = Integer.reverseBytes(data.readInt());
            } else {
                throw new NpyFormatException(".npy format version " + major + "." + (magic[MAGIC.length + 1] & 0xFF)
                        + " is not supported (1.0, 2.0 and 3.0 are)");
            }
            if (length < 0 || length > 1 << 20) {
                throw new NpyFormatException("a .npy header of " + Integer.toUnsignedString(length) + " bytes");
            }
            byte[] text = new byte[length];
            data.readFully(text);
            return parse(new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
        } catch (EOFException e) {
            throw new NpyFormatException("a truncated .npy header");
        }
    }

    /** Parses the header's dict literal. */
    static NpyHeader parse(String dict) {
        Matcher d = DESCR.matcher(dict);
        Matcher o = ORDER.matcher(dict);
        Matcher s = SHAPE.matcher(dict);
        if (!d.find() || !o.find() || !s.find()) {
            throw new NpyFormatException("a .npy header without descr, fortran_order or shape: " + dict.strip());
        }
        String[] parts = s.group(1).split(",");
        long[] shape = new long[parts.length];
        int n = 0;
        for (String p : parts) {
            if (p.isBlank()) {
                continue;
            }
            try {
                shape[n] = Long.parseLong(p.strip().replaceAll("L$", ""));
            } catch (NumberFormatException e) {
                throw new NpyFormatException("a .npy shape that is not a tuple of integers: (" + s.group(1) + ")");
            }
            if (shape[n] < 0) {
                throw new NpyFormatException("a .npy shape with a negative dimension: (" + s.group(1) + ")");
            }
            n++;
        }
        return new NpyHeader(d.group(1), o.group(1).equals("True"), Arrays.copyOf(shape, n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.descr.equals(descr) && h.fortranOrder == fortranOrder
                && Arrays.equals(h.shape, shape);
    }

    @Override
    public int hashCode() {
        return descr.hashCode() * 31 + Arrays.hashCode(shape) + (fortranOrder ? 1 : 0);
    }

    @Override
    public String toString() {
        return "NpyHeader[" + descr + (fortranOrder ? ", Fortran order" : "") + ", " + shapeText() + "]";
    }
}
