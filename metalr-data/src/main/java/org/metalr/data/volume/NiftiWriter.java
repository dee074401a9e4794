package org.metalr.data.volume;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a {@link Volume} as a single-file NIfTI-1 image ({@code n+1}, voxels at offset 352), gzip-compressed
 * when the name ends in {@code .gz}: for saving stitched predictions or making test data. Values are stored as
 * {@code (v - inter) / slope}, rounded and clamped for integer types. The affine is a plain scaling by the
 * spacing (qform/sform code 0).
 */
public final class NiftiWriter {

    private final NiftiDataType type;
    private final ByteOrder order;
    private final float slope;
    private final float inter;

    /**
     * @param slope {@code scl_slope} to store (0 for none)
     * @param inter {@code scl_inter} to store
     */
    public NiftiWriter(NiftiDataType type, ByteOrder order, float slope, float inter) {
        this.type = Objects.requireNonNull(type, "type");
        this.order = Objects.requireNonNull(order, "order");
        this.slope = slope;
        this.inter = inter;
    }

    /** A writer of unscaled values of the given type in little-endian order. */
    public NiftiWriter(NiftiDataType type) {
        this(type, ByteOrder.LITTLE_ENDIAN, 0f, 0f);
    }

    /**
     * Writes {@code volume} to {@code file}, replacing it.
     *
     * @throws IOException when the file cannot be written
     */
    public void write(Path file, Volume volume) throws IOException {
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw) {
            out.write(header(volume));
            boolean scaled = Float.isFinite(slope) && slope != 0;
            float[] data = volume.voxels();
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(order);
            for (float v : data) {
                if (chunk.remaining() < type.bytes()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                type.encode(chunk, scaled ? (v - (double) inter) / slope : v);
            }
            out.write(chunk.array(), 0, chunk.position());
        }
    }

    private byte[] header(Volume volume) {
        ByteBuffer b = ByteBuffer.allocate(NiftiHeader.SINGLE_FILE_OFFSET).order(order);
        b.putInt(0, NiftiHeader.SIZE);
        b.put(38, (byte) 'r');
        int[] shape = volume.shape();
        if (shape[0] > Short.MAX_VALUE || shape[1] > Short.MAX_VALUE || shape[2] > Short.MAX_VALUE) {
            throw new IllegalArgumentException("NIfTI-1 dimensions are at most 32767: " + volume);
        }
        b.putShort(40, (short) 3);
        for (int i = 0; i < 7; i++) {
            b.putShort(42 + 2 * i, (short) (i < 3 ? shape[i] : 1));
        }
        b.putShort(70, (short) type.code());
        b.putShort(72, (short) (8 * type.bytes()));
        double[] spacing = volume.spacing();
        b.putFloat(76, 1f);
        for (int i = 0; i < 3; i++) {
            b.putFloat(80 + 4 * i, (float) spacing[i]);
        }
        b.putFloat(108, NiftiHeader.SINGLE_FILE_OFFSET);
        b.putFloat(112, slope);
        b.putFloat(116, inter);
        b.put(123, (byte) 2); // millimetres
        byte[] magic = "n+1".getBytes(StandardCharsets.US_ASCII);
        b.put(344, magic[0]).put(345, magic[1]).put(346, magic[2]).put(347, (byte) 0);
        return b.array();
    }
}
