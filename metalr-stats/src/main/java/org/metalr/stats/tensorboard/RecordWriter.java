package org.metalr.stats.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, as TensorFlow's {@code tensorflow/core/lib/io/record_writer.cc} writes it: each
 * record is
 * <pre>
 *   uint64 length            (little-endian)
 *   uint32 masked_crc32c(length bytes)
 *   byte   data[length]
 *   uint32 masked_crc32c(data)
 * </pre>
 * with CRC-32C (Castagnoli) masked as {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}
 * ({@code tensorflow/core/lib/hash/crc32c.h}). Not thread-safe; does not own or close the stream.
 */
final class RecordWriter {

    private static final int MASK_DELTA = 0xa282ead8;

    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();

    RecordWriter(OutputStream out) {
        this.out = out;
    }

    void write(byte[] data) throws IOException {
        header.clear();
        header.putLong(data.length);
        header.putInt(maskedCrc(header.array(), 0, 8));
        out.write(header.array(), 0, 12);
        out.write(data);
        footer.clear();
        footer.putInt(maskedCrc(data, 0, data.length));
        out.write(footer.array(), 0, 4);
    }

    private int maskedCrc(byte[] bytes, int offset, int length) {
        crc.reset();
        crc.update(bytes, offset, length);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }
}
