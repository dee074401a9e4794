package org.metalr.data.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes small DICOM files for tests: preamble, file meta information and an explicit VR little endian
 * data set (elements sorted by tag). Starts as a valid 8-bit MONOCHROME2 image; each setter replaces or
 * removes one element, so a test can break exactly one thing.
 */
public final class TestDicom {

    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR",
            "UT", "UV");

    private final Map<Integer, byte[]> elements = new TreeMap<>(Integer::compareUnsigned);
    private String transferSyntax = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();

    private TestDicom() {
    }

    /** A grey 8-bit image of {@code rows x columns} with the given stored values (row-major). */
    public static TestDicom grey8(int rows, int columns, byte[] pixels) {
        TestDicom d = new TestDicom();
        d.text(0x00080060, "CS", "OT");
        d.us(0x00280002, 1).text(0x00280004, "CS", "MONOCHROME2").us(0x00280010, rows).us(0x00280011, columns)
                .us(0x00280100, 8).us(0x00280101, 8).us(0x00280102, 7).us(0x00280103, 0);
        return d.pixels("OB", pixels);
    }

    /** An RGB 8-bit image, {@code rgb} holding 0xRRGGBB per pixel (row-major), in planar configuration 0 or 1. */
    public static TestDicom rgb8(int rows, int columns, int[] rgb, int planar) {
        int n = rows * columns;
        byte[] pixels = new byte[3 * n + (3 * n) % 2];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                byte v = (byte) (rgb[i] >> (16 - 8 * c));
                pixels[planar == 0 ? 3 * i + c : c * n + i] = v;
            }
        }
        return grey8(rows, columns, new byte[0]).us(0x00280002, 3).text(0x00280004, "CS", "RGB").us(0x00280006, planar)
                .pixels("OB", pixels);
    }

    /** A grey 16-bit unsigned image with the given stored values (row-major). */
    public static TestDicom grey16(int rows, int columns, int[] values) {
        byte[] pixels = new byte[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            pixels[2 * i] = (byte) values[i];
            pixels[2 * i + 1] = (byte) (values[i] >> 8);
        }
        return grey8(rows, columns, new byte[0]).us(0x00280100, 16).us(0x00280101, 16).us(0x00280102, 15)
                .pixels("OW", pixels);
    }

    public TestDicom us(int tag, int value) {
        return raw(tag, "US", new byte[] {(byte) value, (byte) (value >> 8)});
    }

    /** A text element (CS, DS, IS, UI, ...), padded to even length as the standard wants. */
    public TestDicom text(int tag, String vr, String value) {
        byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length % 2 == 1) {
            b = (value + (vr.equals("UI") ? "\0" : " ")).getBytes(StandardCharsets.ISO_8859_1);
        }
        return raw(tag, vr, b);
    }

    TestDicom pixels(String vr, byte[] data) {
        return raw(0x7FE00010, vr, data);
    }

    TestDicom remove(int tag) {
        elements.remove(tag);
        return this;
    }

    TestDicom transferSyntax(String uid) {
        this.transferSyntax = uid;
        return this;
    }

    /** One element with a value of defined length, encoded explicit VR little endian. */
    TestDicom raw(int tag, String vr, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, tag, vr, value.length);
        out.writeBytes(value);
        elements.put(tag, out.toByteArray());
        return this;
    }

    /** Bytes placed as they are at {@code tag}'s position (e.g. an element of undefined length). */
    TestDicom encoded(int tag, byte[] bytes) {
        elements.put(tag, bytes);
        return this;
    }

    static void header(ByteArrayOutputStream out, int tag, String vr, long length) {
        le16(out, tag >>> 16);
        le16(out, tag & 0xFFFF);
        if (vr == null) { // items and delimiters
            le32(out, length);
            return;
        }
        out.writeBytes(vr.getBytes(StandardCharsets.ISO_8859_1));
        if (LONG_VRS.contains(vr)) {
            le16(out, 0);
            le32(out, length);
        } else {
            le16(out, (int) length);
        }
    }

    public byte[] bytes() {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        byte[] uid = transferSyntax.length() % 2 == 1 ? (transferSyntax + "\0").getBytes(StandardCharsets.ISO_8859_1)
                : transferSyntax.getBytes(StandardCharsets.ISO_8859_1);
        header(meta, 0x00020010, "UI", uid.length);
        meta.writeBytes(uid);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.ISO_8859_1));
        header(out, 0x00020000, "UL", 4);
        le32(out, meta.size());
        out.writeBytes(meta.toByteArray());
        for (byte[] e : elements.values()) {
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    public Path write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    static void le32(ByteArrayOutputStream out, long v) {
        le16(out, (int) (v & 0xFFFF));
        le16(out, (int) ((v >>> 16) & 0xFFFF));
    }
}
