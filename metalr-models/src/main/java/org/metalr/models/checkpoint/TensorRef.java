package org.metalr.models.checkpoint;

import java.util.Arrays;
import java.util.List;
import org.metalr.api.HostTensor;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view (offset, size, stride)
 * of a storage. Kept unresolved while unpickling, so only the tensors a caller asks for are read,
 * and errors can name the key the tensor is stored under.
 */
record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {

    /** From the arguments of {@code _rebuild_tensor_v2} or {@code _rebuild_tensor}. */
    static TensorRef fromRebuildArgs(String function, List<Object> args) throws PickleException {
        if (args.size() < 4) {
            throw new PickleException(function + " with " + args.size() + " arguments, expected at least 4");
        }
        if (!(args.get(0) instanceof StorageRef storage)) {
            throw new PickleException(function + " on " + Unpickler.describe(args.get(0)) + ", not a storage");
        }
        long offset = integer(args.get(1), function, "storage offset");
        long[] size = integers(args.get(2), function, "size");
        long[] stride = integers(args.get(3), function, "stride");
        if (size.length != stride.length) {
            throw new PickleException(function + " with size " + Arrays.toString(size) + " and stride "
                    + Arrays.toString(stride) + " of different lengths");
        }
        return new TensorRef(storage, offset, size, stride);
    }

    private static long integer(Object o, String function, String what) throws PickleException {
        if (o instanceof Long l) {
            return l;
        }
        throw new PickleException(function + ": " + what + " is " + Unpickler.describe(o) + ", not an int");
    }

    private static long[] integers(Object o, String function, String what) throws PickleException {
        if (!(o instanceof List<?> list)) {
            throw new PickleException(function + ": " + what + " is " + Unpickler.describe(o) + ", not a tuple");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(list.get(i), function, what);
        }
        return out;
    }

    /** Reads the view into a dense host tensor; {@code key} names it in errors. */
    HostTensor materialise(String key) throws CheckpointException {
        String source = storage.container().source();
        String view = "(offset " + offset + ", size " + Arrays.toString(size) + ", stride " + Arrays.toString(stride) + ")";
        if (offset < 0 || Arrays.stream(size).anyMatch(d -> d < 0) || Arrays.stream(stride).anyMatch(s -> s < 0)) {
            throw new CheckpointException(source, key, "negative offset, size or stride " + view);
        }
        if (TensorDecoder.arrayLength(size) < 0) {
            throw new CheckpointException(source, key, "shape " + Arrays.toString(size) + " has more elements than one Java array holds");
        }
        long last;
        try {
            last = TensorDecoder.lastIndex(offset, size, stride);
        } catch (ArithmeticException e) {
            last = Long.MAX_VALUE;
        }
        if (last >= storage.numel()) {
            throw new CheckpointException(source, key, "view " + view + " reaches element " + last + " of storage '"
                    + storage.key() + "', which holds " + storage.numel() + " " + storage.type().storageName + " elements");
        }
        return TensorDecoder.decode(storage.bytes(key), storage.type(), offset, size, stride);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "tensor " + storage.type() + Arrays.toString(size) + " on storage '" + storage.key() + "'";
    }
}
