package org.metalr.data.npy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.metalr.data.BadInputException;

/**
 * A NumPy {@code .npz} file: a zip archive of {@code .npy} arrays ({@code np.savez} stores them,
 * {@code np.savez_compressed} deflates them; both read here), each named {@code <array>.npy}. Arrays are
 * read whole, one at a time, as the rows of their first dimension. Not thread-safe; close it to release
 * the file.
 */
public final class NpzFile implements AutoCloseable {

    private final Path file;
    private final ZipFile zip;

    private NpzFile(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
    }

    /**
     * Opens {@code file}.
     *
     * @throws BadInputException naming the file if it is missing or not a zip archive
     */
    public static NpzFile open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, Files.exists(file) ? "not a file" : "no such file");
        }
        try {
            return new NpzFile(file, new ZipFile(file.toFile()));
        } catch (ZipException e) {
            throw new BadInputException(file, "not a .npz file (not a zip archive: " + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The arrays' names (the entries' names without {@code .npy}), sorted. */
    public SortedSet<String> arrays() {
        SortedSet<String> out = new TreeSet<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
            String name = e.nextElement().getName();
            if (name.endsWith(".npy")) {
                out.add(name.substring(0, name.length() - 4));
            }
        }
        return Collections.unmodifiableSortedSet(out);
    }

    /**
     * The header of {@code array}.
     *
     * @throws BadInputException naming the file and the array if it is missing or its header is malformed
     */
    public NpyHeader header(String array) {
        try (InputStream in = open(array)) {
            return header(array, in);
        } catch (IOException e) {
            throw new BadInputException(file, array + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The bytes of a uint8 array in C order, as its first dimension's rows: {@code shape[0]} arrays of
     * the other dimensions' product each.
     *
     * @throws BadInputException naming the file and the array if it is missing, is not uint8, is stored in
     *     Fortran order, is a scalar, or is shorter than its header says
     */
    public byte[][] uint8Rows(String array) {
        try (InputStream in = open(array)) {
            NpyHeader h = header(array, in);
            if (!h.isUint8()) {
                throw new BadInputException(file, array + " holds '" + h.descr() + "' elements; expected uint8 ('|u1')");
            }
            if (h.fortranOrder()) {
                throw new BadInputException(file, array + " is stored in Fortran order; expected C order (save"
                        + " np.ascontiguousarray(a))");
            }
            long[] shape = h.shape();
            if (shape.length == 0) {
                throw new BadInputException(file, array + " is a scalar; expected an array of rows");
            }
            long rowLength = shape[0] == 0 ? 0 : h.elements() / shape[0];
            if (shape[0] > Integer.MAX_VALUE || rowLength > Integer.MAX_VALUE - 8) {
                throw new BadInputException(file, array + " of shape " + h.shapeText() + " is too large");
            }
            byte[][] rows = new byte[(int) shape[0]][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = in.readNBytes((int) rowLength);
                if (rows[i].length != rowLength) {
                    throw new BadInputException(file, array + " ends after " + i + " of its " + shape[0] + " rows");
                }
            }
            return rows;
        } catch (IOException e) {
            throw new BadInputException(file, array + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private InputStream open(String array) throws IOException {
        ZipEntry entry = zip.getEntry(array + ".npy");
        if (entry == null) {
            throw new BadInputException(file, "no array '" + array + "' (it holds " + String.join(", ", arrays()) + ")");
        }
        return zip.getInputStream(entry);
    }

    private NpyHeader header(String array, InputStream in) throws IOException {
        try {
            return NpyHeader.read(in);
        } catch (NpyFormatException e) {
            throw new BadInputException(file, array + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            // Read-only: nothing is lost.
        }
    }
}
