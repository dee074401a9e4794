package org.metalr.stats.tensorboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a TensorBoard event file, written from the public definitions and sharing no code with the
 * writer: TFRecord framing (tensorflow/core/lib/io/record_reader.cc: uint64 length, masked CRC-32C of
 * the length, data, masked CRC-32C of the data, little-endian), CRC-32C computed bit by bit from the
 * Castagnoli polynomial (reflected 0x82F63B78) and masked as tensorflow/core/lib/hash/crc32c.h says,
 * and the protobuf wire format (developers.google.com/protocol-buffers/docs/encoding) of
 * {@code tensorflow.Event} and {@code tensorflow.Summary}. Unknown fields are an error here, so that a
 * stray field from the writer shows.
 */
final class EventFileDecoder {

    /** A decoded event; {@code fileVersion} or {@code values} is set. */
    record Event(double wallTime, long step, String fileVersion, List<Value> values) {
    }

    record Value(String tag, float simpleValue) {
    }

    /** The CRC or the framing does not check out. */
    static final class CorruptFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptFileException(String message) {
            super(message);
        }
    }

    private EventFileDecoder() {
    }

    static List<Event> decode(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < 12) {
                throw new CorruptFileException("truncated record header at byte " + in.position());
            }
            int start = in.position();
            long length = in.getLong();
            int lengthCrc = in.getInt();
            if (lengthCrc != maskedCrc32c(file, start, 8)) {
                throw new CorruptFileException("length CRC mismatch at byte " + start);
            }
            if (length > in.remaining() - 4) {
                throw new CorruptFileException("truncated record data at byte " + in.position());
            }
            int dataStart = in.position();
            byte[] data = new byte[(int) length];
            in.get(data);
            int dataCrc = in.getInt();
            if (dataCrc != maskedCrc32c(file, dataStart, (int) length)) {
                throw new CorruptFileException("data CRC mismatch in record at byte " + start);
            }
            events.add(event(data));
        }
        return events;
    }

    /** CRC-32C, bit by bit: reflected polynomial 0x82F63B78, initial and final XOR 0xFFFFFFFF. */
    static int crc32c(byte[] bytes, int offset, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= bytes[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
            }
        }
        return ~crc;
    }

    static int maskedCrc32c(byte[] bytes, int offset, int length) {
        int crc = crc32c(bytes, offset, length);
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    private static Event event(byte[] data) {
        Reader r = new Reader(data);
        double wallTime = 0;
        long step = 0;
        String fileVersion = null;
        List<Value> values = null;
        while (r.more()) {
            long key = r.varint();
            int field = (int) (key >>> 3);
            int type = (int) (key & 7);
            switch (field) {
                case 1 -> wallTime = Double.longBitsToDouble(r.fixed(type, 1, 8));
                case 2 -> step = r.varintField(type);
                case 3 -> fileVersion = new String(r.bytes(type), StandardCharsets.UTF_8);
                case 5 -> values = summary(r.bytes(type));
                default -> throw new CorruptFileException("unexpected Event field " + field);
            }
        }
        return new Event(wallTime, step, fileVersion, values);
    }

    private static List<Value> summary(byte[] data) {
        Reader r = new Reader(data);
        List<Value> values = new ArrayList<>();
        while (r.more()) {
            long key = r.varint();
            if (key >>> 3 != 1) {
                throw new CorruptFileException("unexpected Summary field " + (key >>> 3));
            }
            values.add(value(r.bytes((int) (key & 7))));
        }
        return values;
    }

    private static Value value(byte[] data) {
        Reader r = new Reader(data);
        String tag = "";
        Float simple = null;
        while (r.more()) {
            long key = r.varint();
            int field = (int) (key >>> 3);
            int type = (int) (key & 7);
            switch (field) {
                case 1 -> tag = new String(r.bytes(type), StandardCharsets.UTF_8);
                case 2 -> simple = Float.intBitsToFloat((int) r.fixed(type, 5, 4));
                default -> throw new CorruptFileException("unexpected Summary.Value field " + field);
            }
        }
        if (simple == null) {
            throw new CorruptFileException("Summary.Value '" + tag + "' has no simple_value");
        }
        return new Value(tag, simple);
    }

    /** Protobuf wire-format primitives over one message's bytes. */
    private static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean more() {
            return position < data.length;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = data[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new CorruptFileException("varint longer than ten bytes");
        }

        long varintField(int type) {
            expect(type, 0);
            return varint();
        }

        long fixed(int type, int expected, int size) {
            expect(type, expected);
            long value = 0;
            for (int i = 0; i < size; i++) {
                value |= (long) (data[position++] & 0xFF) << (8 * i);
            }
            return value;
        }

        byte[] bytes(int type) {
            expect(type, 2);
            int length = (int) varint();
            byte[] out = new byte[length];
            System.arraycopy(data, position, out, 0, length);
            position += length;
            return out;
        }

        private static void expect(int type, int expected) {
            if (type != expected) {
                throw new CorruptFileException("wire type " + type + " where " + expected + " belongs");
            }
        }
    }
}
