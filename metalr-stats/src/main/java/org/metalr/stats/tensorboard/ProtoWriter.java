package org.metalr.stats.tensorboard;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few protocol-buffer encodings an event needs (protobuf's wire format: a key
 * {@code field << 3 | wire type} as a varint, then the value): varints, little-endian 64-bit doubles,
 * 32-bit floats, and length-delimited strings and messages. Not thread-safe.
 */
final class ProtoWriter {

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ProtoWriter int64(int field, long value) {
        key(field, VARINT);
        varint(value);
        return this;
    }

    ProtoWriter float64(int field, double value) {
        key(field, FIXED64);
        littleEndian(Double.doubleToRawLongBits(value), 8);
        return this;
    }

    ProtoWriter float32(int field, float value) {
        key(field, FIXED32);
        littleEndian(Float.floatToRawIntBits(value), 4);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    private ProtoWriter bytes(int field, byte[] value) {
        key(field, LENGTH_DELIMITED);
        varint(value.length);
        bytes.writeBytes(value);
        return this;
    }

    private void key(int field, int wireType) {
        varint((long) field << 3 | wireType);
    }

    /** Base-128, least significant group first; a negative int64 takes ten bytes, as protobuf writes it. */
    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            bytes.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes.write((int) value);
    }

    private void littleEndian(long value, int size) {
        for (int i = 0; i < size; i++) {
            bytes.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
