package org.metalr.data.volume;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The NIfTI-1 voxel types this reader decodes, with their header codes. Every type is decoded to
 * float32; int32 and float64 values beyond float32's precision are rounded.
 */
public enum NiftiDataType {
    UINT8(2, 1),
    INT16(4, 2),
    INT32(8, 4),
    FLOAT32(16, 4),
    FLOAT64(64, 8),
    INT8(256, 1),
    UINT16(512, 2);

    private final int code;
    private final int bytes;

    NiftiDataType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The {@code datatype} code in the header. */
    public int code() {
        return code;
    }

    /** Bytes per voxel. */
    public int bytes() {
        return bytes;
    }

    /** Whether the type holds integers (values are rounded and clamped when writing). */
    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64;
    }

    /** The type with the given header code, or {@code null} when this reader does not support it. */
    public static NiftiDataType ofCode(int code) {
        for (NiftiDataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** A readable name for a header code, supported or not, for error messages. */
    static String describe(int code) {
        switch (code) {
            case 0: return "unknown (0)";
            case 1: return "binary (1)";
            case 32: return "complex64 (32)";
            case 128: return "rgb24 (128)";
            case 768: return "uint32 (768)";
            case 1024: return "int64 (1024)";
            case 1280: return "uint64 (1280)";
            case 1536: return "float128 (1536)";
            case 1792: return "complex128 (1792)";
            case 2048: return "complex256 (2048)";
            case 2304: return "rgba32 (2304)";
            default:
                NiftiDataType t = ofCode(code);
                return t != null ? t.name().toLowerCase(Locale.ROOT) + " (" + code + ")" : "code " + code;
        }
    }

    /** Decodes {@code count} voxels from {@code in} (byte order already set) into {@code out[from..]}. */
    void decode(ByteBuffer in, float[] out, int from, int count) {
        int end = from + count;
        switch (this) {
            case UINT8:
                for (int i = from; i < end; i++) {
                    out[i] = in.get() & 0xFF;
                }
                break;
            case INT8:
                for (int i = from; i < end; i++) {
                    out[i] = in.get();
                }
                break;
            case INT16:
                for (int i = from; i < end; i++) {
                    out[i] = in.getShort();
                }
                break;
            case UINT16:
                for (int i = from; i < end; i++) {
                    out[i] = in.getShort() & 0xFFFF;
                }
                break;
            case INT32:
                for (int i = from; i < end; i++) {
                    out[i] = in.getInt();
                }
                break;
            case FLOAT32:
                for (int i = from; i < end; i++) {
                    out[i] = in.getFloat();
                }
                break;
            case FLOAT64:
                for (int i = from; i < end; i++) {
                    out[i] = (float) in.getDouble();
                }
                break;
            default:
                throw new AssertionError(this);
        }
    }

    /** Encodes one stored value (already unscaled), rounding and clamping for integer types. */
    void encode(ByteBuffer out, double stored) {
        switch (this) {
            case UINT8: out.put((byte) clampRound(stored, 0, 255)); break;
            case INT8: out.put((byte) clampRound(stored, Byte.MIN_VALUE, Byte.MAX_VALUE)); break;
            case INT16: out.putShort((short) clampRound(stored, Short.MIN_VALUE, Short.MAX_VALUE)); break;
            case UINT16: out.putShort((short) clampRound(stored, 0, 65535)); break;
            case INT32: out.putInt((int) clampRound(stored, Integer.MIN_VALUE, Integer.MAX_VALUE)); break;
            case FLOAT32: out.putFloat((float) stored); break;
            case FLOAT64: out.putDouble(stored); break;
            default: throw new AssertionError(this);
        }
    }

    private static long clampRound(double v, long min, long max) {
        if (Double.isNaN(v)) {
            return 0;
        }
        return Math.max(min, Math.min(max, Math.round(v)));
    }
}
