package org.metalr.data.volume;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Builds NIfTI-1 files byte by byte for tests, independently of {@link NiftiWriter}: every header field is put
 * at its offset from the NIfTI-1 standard and voxels are encoded from their type code.
 */
final class NiftiFixture {

    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    int sizeofHdr = 348;
    String magic = "n+1";
    int[] dims = {3, 4, 2};
    float[] pixdim = {0.75f, 0.8f, 2.5f};
    int datatype = 16;
    int bitpix = -1; // from the type unless set
    float voxOffset = 352;
    float slope = 0;
    float inter = 0;
    double[] stored;

    /** A fixture of the given type code holding {@code stored} values (file order). */
    static NiftiFixture of(int datatype, double... stored) {
        NiftiFixture f = new NiftiFixture();
        f.datatype = datatype;
        f.stored = stored;
        return f;
    }

    NiftiFixture dims(int... d) {
        dims = d;
        pixdim = new float[d.length];
        java.util.Arrays.fill(pixdim, 1f);
        return this;
    }

    static int bytesOf(int datatype) {
        switch (datatype) {
            case 2: case 256: return 1;
            case 4: case 512: return 2;
            case 8: case 16: return 4;
            case 64: return 8;
            default: return 4; // unsupported types in tests: any width
        }
    }

    byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(348).order(order);
        b.putInt(0, sizeofHdr);
        b.putShort(40, (short) dims.length);
        for (int i = 0; i < 7; i++) {
            b.putShort(42 + 2 * i, (short) (i < dims.length ? dims[i] : 1));
        }
        b.putShort(70, (short) datatype);
        b.putShort(72, (short) (bitpix >= 0 ? bitpix : 8 * bytesOf(datatype)));
        b.putFloat(76, 1f);
        for (int i = 0; i < pixdim.length; i++) {
            b.putFloat(80 + 4 * i, pixdim[i]);
        }
        b.putFloat(108, voxOffset);
        b.putFloat(112, slope);
        b.putFloat(116, inter);
        byte[] m = magic.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 4; i++) {
            b.put(344 + i, i < m.length ? m[i] : 0);
        }
        return b.array();
    }

    byte[] body() {
        ByteBuffer b = ByteBuffer.allocate(stored.length * bytesOf(datatype)).order(order);
        for (double v : stored) {
            switch (datatype) {
                case 2: case 256: b.put((byte) (long) v); break;
                case 4: case 512: b.putShort((short) (long) v); break;
                case 8: b.putInt((int) (long) v); break;
                case 16: b.putFloat((float) v); break;
                case 64: b.putDouble(v); break;
                default: b.putInt((int) v); break;
            }
        }
        return b.array();
    }

    /** A single-file image: header, zero padding up to vox_offset, voxels. */
    byte[] singleFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header());
        out.writeBytes(new byte[Math.max(0, (int) voxOffset - 348)]);
        out.writeBytes(body());
        return out.toByteArray();
    }

    Path write(Path file) {
        return write(file, singleFile());
    }

    /** Writes {@code bytes}, gzip-compressed when the name ends in {@code .gz}. */
    static Path write(Path file, byte[] bytes) {
        try {
            Files.write(file, file.getFileName().toString().endsWith(".gz") ? gzip(bytes) : bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
