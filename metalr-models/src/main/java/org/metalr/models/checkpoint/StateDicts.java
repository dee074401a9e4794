package org.metalr.models.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.metalr.api.HostTensor;

/**
 * Finds the dict of named tensors (the state dict) inside what a checkpoint file holds: the
 * top-level dict itself when all its values are tensors, else the dict under one of the usual
 * wrapper entries ({@link #WRAPPER_KEYS}, searched in that order and recursively), or the dict under
 * an entry the caller names.
 */
public final class StateDicts {

    /** Entries that commonly wrap a state dict, in the order they are tried. */
    public static final List<String> WRAPPER_KEYS = List.of("state_dict", "model_state_dict", "model", "net");

    private StateDicts() {}

    /**
     * The state dict inside {@code root} (a tree as {@link TorchCheckpointReader#readObject} returns).
     *
     * @param source names the file in errors
     * @throws CheckpointException if none is found, or the candidate has a non-tensor entry (named)
     */
    public static Map<String, HostTensor> extract(Object root, String source) throws CheckpointException {
        return cast(locate(root, source, null, v -> v instanceof HostTensor));
    }

    /**
     * The state dict under top-level entry {@code entry} of {@code root}.
     *
     * @throws CheckpointException if there is no such entry or it is not a dict of tensors
     */
    public static Map<String, HostTensor> extract(Object root, String source, String entry) throws CheckpointException {
        return cast(locate(root, source, entry, v -> v instanceof HostTensor));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, HostTensor> cast(Map<String, Object> map) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, (HostTensor) v));
        return out;
    }

    /**
     * Finds the state dict, tensors being what {@code isTensor} accepts (lazy references while
     * reading a torch file), and returns it with its keys checked to be strings.
     */
    static Map<String, Object> locate(Object root, String source, String entry, Predicate<Object> isTensor)
            throws CheckpointException {
        if (entry != null) {
            if (!(root instanceof Map<?, ?> top)) {
                throw new CheckpointException(source, null, "holds " + kind(root) + ", not a dict with an entry '" + entry + "'");
            }
            if (!top.containsKey(entry)) {
                throw new CheckpointException(source, null, "has no entry '" + entry + "'; top-level keys: " + keys(top));
            }
            Object value = top.get(entry);
            if (!(value instanceof Map<?, ?> map)) {
                throw new CheckpointException(source, null, "entry '" + entry + "' is " + kind(value) + ", not a dict of tensors");
            }
            return checked(map, source, entry + ".", isTensor);
        }
        Map<String, Object> found = search(root, isTensor, 0);
        if (found != null) {
            return found;
        }
        if (root instanceof Map<?, ?> top) {
            // Report the first non-tensor entry of a dict that is mostly tensors: the likely intent.
            if (top.values().stream().anyMatch(isTensor)) {
                return checked(top, source, "", isTensor);
            }
            throw new CheckpointException(source, null, "no state dict found: expected a dict of tensors, or one under "
                    + String.join(", ", WRAPPER_KEYS) + "; top-level keys: " + keys(top));
        }
        throw new CheckpointException(source, null, "holds " + kind(root) + ", not a dict of tensors");
    }

    private static Map<String, Object> search(Object node, Predicate<Object> isTensor, int depth) {
        if (!(node instanceof Map<?, ?> map) || depth > 4) {
            return null;
        }
        if (isStateDict(map, isTensor)) {
            return asStringMap(map);
        }
        for (String key : WRAPPER_KEYS) {
            Map<String, Object> inner = search(map.get(key), isTensor, depth + 1);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    private static boolean isStateDict(Map<?, ?> map, Predicate<Object> isTensor) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String) || !isTensor.test(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> checked(Map<?, ?> map, String source, String path, Predicate<Object> isTensor)
            throws CheckpointException {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new CheckpointException(source, null, "state dict has a key " + e.getKey() + " that is not a string");
            }
            if (!isTensor.test(e.getValue())) {
                throw new CheckpointException(source, path + key, "is " + kind(e.getValue()) + ", not a tensor");
            }
        }
        return asStringMap(map);
    }

    private static Map<String, Object> asStringMap(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put((String) k, v));
        return out;
    }

    private static String keys(Map<?, ?> map) {
        List<String> names = new ArrayList<>();
        for (Object k : map.keySet()) {
            if (names.size() == 10) {
                names.add("...");
                break;
            }
            names.add(String.valueOf(k));
        }
        return names.toString();
    }

    static String kind(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof PickledObject p) {
            return "an object of " + p.global();
        }
        if (o instanceof TorchCheckpointReader.Opaque p) {
            return "an object of " + p.global;
        }
        if (o instanceof Map) {
            return "a dict";
        }
        if (o instanceof List) {
            return "a list or tuple";
        }
        if (o instanceof String) {
            return "a string";
        }
        if (o instanceof Long || o instanceof Double || o instanceof Boolean) {
            return "a number (" + o + ")";
        }
        if (o instanceof HostTensor || o instanceof TensorRef) {
            return "a tensor";
        }
        return "a " + o.getClass().getSimpleName();
    }
}
