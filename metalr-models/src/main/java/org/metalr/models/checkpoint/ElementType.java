package org.metalr.models.checkpoint;

import org.metalr.api.HostTensor;

/**
 * Element types a checkpoint may store, with their names in the two formats. Floating types of 32
 * bits or fewer are read as float32, float64 as float64, and all integer and boolean types as int64.
 */
enum ElementType {
    F32("F32", "FloatStorage", 4),
    F64("F64", "DoubleStorage", 8),
    F16("F16", "HalfStorage", 2),
    BF16("BF16", "BFloat16Storage", 2),
    I64("I64", "LongStorage", 8),
    I32("I32", "IntStorage", 4),
    I16("I16", "ShortStorage", 2),
    I8("I8", "CharStorage", 1),
    U8("U8", "ByteStorage", 1),
    BOOL("BOOL", "BoolStorage", 1);

    final String safetensorsName;
    final String storageName;
    final int size;

    ElementType(String safetensorsName, String storageName, int size) {
        this.safetensorsName = safetensorsName;
        this.storageName = storageName;
        this.size = size;
    }

    /** The name of the type as stored, for people: FLOAT32, FLOAT16, BFLOAT16, INT64, UINT8, BOOL, ... */
    String storedName() {
        return switch (this) {
            case F32 -> "FLOAT32";
            case F64 -> "FLOAT64";
            case F16 -> "FLOAT16";
            case BF16 -> "BFLOAT16";
            case I64 -> "INT64";
            case I32 -> "INT32";
            case I16 -> "INT16";
            case I8 -> "INT8";
            case U8 -> "UINT8";
            case BOOL -> "BOOL";
        };
    }

    /** The host kind values of this type are converted to. */
    HostTensor.Kind hostKind() {
        switch (this) {
            case F32:
            case F16:
            case BF16:
                return HostTensor.Kind.FLOAT32;
            case F64:
                return HostTensor.Kind.FLOAT64;
            default:
                return HostTensor.Kind.INT64;
        }
    }

    /** The type a host tensor of {@code kind} is written as. */
    static ElementType of(HostTensor.Kind kind) {
        switch (kind) {
            case FLOAT32:
                return F32;
            case FLOAT64:
                return F64;
            default:
                return I64;
        }
    }

    /** The type with safetensors name {@code name}, or null. */
    static ElementType forSafetensors(String name) {
        for (ElementType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The type of torch storage class {@code name} (such as {@code FloatStorage}), or null. */
    static ElementType forStorage(String name) {
        for (ElementType t : values()) {
            if (t.storageName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
