package org.metalr.data.synthetic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes {@code [0, 1]} float images as 8-bit PNG files (grey for one channel, RGB for three).
 * A minimal encoder (IHDR, one IDAT with the "Sub" filter, IEND): javax.imageio's writer is several
 * times slower on small images, and this one's bytes do not depend on the JDK.
 */
final class PngFiles {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private PngFiles() {
    }

    static void write(Path file, int channels, int height, int width, float[] chw) throws IOException {
        Files.write(file, encode(channels, height, width, chw));
    }

    static byte[] encode(int channels, int height, int width, float[] chw) {
        int plane = height * width;
        int stride = width * channels;
        byte[] raw = new byte[height * (stride + 1)];
        byte[] row = new byte[stride];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    row[x * channels + c] = quantise(chw[c * plane + y * width + x]);
                }
            }
            int base = y * (stride + 1);
            raw[base] = 1; // Sub filter: smooth backgrounds compress well
            for (int i = 0; i < stride; i++) {
                int left = i >= channels ? row[i - channels] : 0;
                raw[base + 1 + i] = (byte) (row[i] - left);
            }
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(raw.length / 2 + 64);
        byte[] buf = new byte[8192];
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            compressed.write(buf, 0, n);
        }
        deflater.end();

        ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.size() + 64);
        out.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = 8;
        header[9] = (byte) (channels == 1 ? 0 : 2);
        chunk(out, "IHDR", header);
        chunk(out, "IDAT", compressed.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] sum = new byte[4];
        putInt(sum, 0, (int) crc.getValue());
        out.writeBytes(sum);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static byte quantise(float v) {
        return (byte) Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
    }
}
