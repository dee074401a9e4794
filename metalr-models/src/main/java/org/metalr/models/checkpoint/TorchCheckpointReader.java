package org.metalr.models.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.metalr.api.HostTensor;

/**
 * Reads files written by {@code torch.save}, in plain Java, in either of its formats (told apart by
 * content): the zip format of PyTorch 1.6 and later (torchvision's published weights), and the legacy
 * format that earlier releases wrote, and later ones with {@code _use_new_zipfile_serialization=False}
 * (most checkpoints published before 2020, among them Models Genesis' and C2L's). An object reads to
 * the same values from either format.
 *
 * <p>The pickle inside is executed by a restricted virtual machine that knows only what a checkpoint
 * of weights needs: dicts, {@code collections.OrderedDict}, lists, tuples, sets, numbers, strings,
 * booleans, None, and tensors ({@code torch._utils._rebuild_tensor_v2}, {@code _rebuild_parameter})
 * over storages of type Float, Double, Half, BFloat16, Long, Int, Short, Char, Byte and Bool.
 * Strides and storage offsets are honoured, so transposed views and slices sharing a storage read as
 * the tensors PyTorch shows. Half and bfloat16 values are widened to float32, float64 stays float64,
 * integer and boolean values become int64.
 *
 * <p>A {@linkplain #strict() strict} reader (the default, like {@code torch.load(weights_only=True)})
 * refuses any other class, naming it; a {@linkplain #lenient() lenient} one keeps such objects
 * opaque as {@link PickledObject}s, so a checkpoint that also stores, say, an
 * {@code argparse.Namespace} of training arguments can still give up its state dict.
 *
 * <p>All methods throw {@link CheckpointException}, naming the file (and the tensor key where there is
 * one), for: a file in neither format (with a specific message for TorchScript archives and for the
 * tar format of PyTorch before 0.1.10), a truncated or corrupt file, a wrong magic number or protocol
 * version, malformed or unsupported pickle content (naming the opcode or the global), a missing
 * storage (absent from the archive, or from the legacy file's key list), a storage shorter than its
 * header declares, a tensor view reaching beyond its storage, and no state dict where one is asked
 * for. Nothing is returned after an error. Instances are immutable and thread-safe.
 */
public final class TorchCheckpointReader {

    private static final TorchCheckpointReader STRICT = new TorchCheckpointReader(false);
    private static final TorchCheckpointReader LENIENT = new TorchCheckpointReader(true);

    /** Python nesting deeper than this is taken for a cycle (a state dict is two or three levels). */
    private static final int MAX_DEPTH = 200;

    private final boolean lenient;

    private TorchCheckpointReader(boolean lenient) {
        this.lenient = lenient;
    }

    /** A reader that refuses classes it does not know. */
    public static TorchCheckpointReader strict() {
        return STRICT;
    }

    /** A reader that keeps objects of unknown classes as opaque {@link PickledObject}s. */
    public static TorchCheckpointReader lenient() {
        return LENIENT;
    }

    /**
     * The state dict in {@code file}: the top-level dict of tensors, or the one found under a
     * wrapper entry as {@link StateDicts} describes; tensors elsewhere in the file (an optimizer's
     * state) are not read.
     *
     * @return tensor name to tensor, in the file's order
     */
    public Map<String, HostTensor> readStateDict(Path file) throws CheckpointException {
        return readStateDict(file, null);
    }

    /**
     * The state dict under top-level entry {@code entry} of {@code file} (or found as in
     * {@link #readStateDict(Path)} when {@code entry} is null).
     */
    public Map<String, HostTensor> readStateDict(Path file, String entry) throws CheckpointException {
        try (TorchContainer container = open(file)) {
            Object root = container.unpickle(new Resolver(container));
            Map<String, Object> lazy = StateDicts.locate(root, container.source(), entry,
                    v -> v instanceof TensorRef);
            Map<String, HostTensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : lazy.entrySet()) {
                out.put(e.getKey(), ((TensorRef) e.getValue()).materialise(e.getKey()));
            }
            return out;
        }
    }

    /** Each state-dict tensor's element type as {@code file} stores it, without reading the tensors. */
    Map<String, ElementType> storedTypes(Path file) throws CheckpointException {
        try (TorchContainer container = open(file)) {
            Object root = container.unpickle(new Resolver(container));
            Map<String, Object> lazy = StateDicts.locate(root, container.source(), null, v -> v instanceof TensorRef);
            Map<String, ElementType> out = new LinkedHashMap<>();
            lazy.forEach((k, v) -> out.put(k, ((TensorRef) v).storage().type()));
            return out;
        }
    }

    /**
     * Everything in {@code file}, as Java values, with every tensor read into a {@link HostTensor}:
     * dicts become {@code LinkedHashMap}s in file order, lists {@code ArrayList}s, tuples unmodifiable
     * {@code List}s, sets {@code Set}s, ints {@code Long}s (or {@code BigInteger}s beyond 64 bits),
     * floats {@code Double}s, strings {@code String}s, bytes {@code byte[]}, booleans {@code Boolean}s,
     * None null, and (leniently read) objects of unknown classes {@link PickledObject}s.
     */
    public Object readObject(Path file) throws CheckpointException {
        try (TorchContainer container = open(file)) {
            Object root = container.unpickle(new Resolver(container));
            return new Materialiser(container.source()).convert(root, "", 0);
        }
    }

    private static TorchContainer open(Path file) throws CheckpointException {
        CheckpointFormat format = CheckpointFormat.detect(file);
        switch (format) {
            case TORCH_ZIP:
                return TorchArchive.open(file);
            case TORCH_LEGACY:
                return LegacyTorchFile.open(file);
            default:
                throw new CheckpointException(file.toString(), null, "is a " + format.description() + ", not a torch.save file");
        }
    }

    /** The globals a torch checkpoint of weights uses; persistent ids are the container's. */
    private final class Resolver implements Unpickler.Resolver {

        private final TorchContainer container;

        Resolver(TorchContainer container) {
            this.container = container;
        }

        @Override
        public Object global(String module, String name) throws PickleException {
            String qualified = module + "." + name;
            switch (qualified) {
                case "collections.OrderedDict":
                    return (Unpickler.PyCallable) Resolver::orderedDict;
                case "torch._utils._rebuild_tensor_v2":
                case "torch._utils._rebuild_tensor":
                    return (Unpickler.PyCallable) args -> TensorRef.fromRebuildArgs(qualified, args);
                case "torch._utils._rebuild_parameter":
                case "torch._utils._rebuild_parameter_with_state":
                    return (Unpickler.PyCallable) args -> parameterData(qualified, args);
                case "torch._tensor._rebuild_from_type_v2":
                    return (Unpickler.PyCallable) Resolver::rebuildFromType;
                case "torch.Tensor":
                case "torch.nn.parameter.Parameter":
                    return new TypeMarker(qualified);
                default:
                    break;
            }
            if (module.equals("torch") || module.equals("torch.cuda")) {
                ElementType type = ElementType.forStorage(name);
                if (type != null) {
                    return type;
                }
            }
            if (lenient) {
                return new Opaque(qualified, null);
            }
            throw new PickleException("unsupported global '" + qualified + "': only tensors, dicts, lists and plain"
                    + " values are read (save model.state_dict() rather than a module, or use a lenient reader"
                    + " to skip such objects)");
        }

        @Override
        public Object persistentLoad(Object pid) throws PickleException {
            if (pid instanceof List<?> tuple) {
                return container.persistentLoad(tuple);
            }
            throw new PickleException("unsupported persistent id " + pid);
        }

        private static Object orderedDict(List<Object> args) throws PickleException {
            Map<Object, Object> map = new LinkedHashMap<>();
            if (args.isEmpty()) {
                return map;
            }
            if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
                for (Object p : pairs) {
                    if (!(p instanceof List<?> kv) || kv.size() != 2) {
                        throw new PickleException("collections.OrderedDict with an item that is not a pair");
                    }
                    map.put(kv.get(0), kv.get(1));
                }
                return map;
            }
            throw new PickleException("collections.OrderedDict with unsupported arguments");
        }

        private static Object parameterData(String function, List<Object> args) throws PickleException {
            if (args.isEmpty() || !(args.get(0) instanceof TensorRef)) {
                throw new PickleException(function + " without a tensor as its first argument");
            }
            return args.get(0);
        }

        private static Object rebuildFromType(List<Object> args) throws PickleException {
            // (func, new_type, args, state): a tensor subclass; its data is func(*args)
            if (args.size() == 4 && args.get(0) instanceof Unpickler.PyCallable f && args.get(2) instanceof List<?> a) {
                @SuppressWarnings("unchecked")
                List<Object> inner = (List<Object>) a;
                return f.call(inner);
            }
            throw new PickleException("torch._tensor._rebuild_from_type_v2 with unsupported arguments");
        }
    }

    /** A class named only as a type argument (of {@code _rebuild_from_type_v2}). */
    private record TypeMarker(String global) {}

    /** An object of an unknown class, while unpickling leniently; a bare global has no args. */
    static final class Opaque implements Unpickler.PyCallable, Unpickler.Buildable {
        final String global;
        final List<Object> args;
        Object state;

        Opaque(String global, List<Object> args) {
            this.global = global;
            this.args = args;
        }

        @Override
        public Object call(List<Object> callArgs) {
            return new Opaque(global, callArgs);
        }

        @Override
        public void build(Object newState) {
            state = newState;
        }

        @Override
        public String toString() {
            return "<" + global + " object>";
        }
    }

    /** Turns the unpickled tree into public values, reading every tensor. */
    private static final class Materialiser {
        private final String source;
        private final Map<Object, Object> done = new IdentityHashMap<>();

        Materialiser(String source) {
            this.source = source;
        }

        Object convert(Object node, String path, int depth) throws CheckpointException {
            if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
                    || node instanceof byte[]) {
                return node;
            }
            if (depth > MAX_DEPTH) {
                throw new CheckpointException(source, null, "nesting deeper than " + MAX_DEPTH + " levels (cyclic?) at " + label(path));
            }
            Object seen = done.get(node);
            if (seen != null) {
                return seen;
            }
            Object out;
            if (node instanceof TensorRef t) {
                out = t.materialise(label(path));
            } else if (node instanceof Map<?, ?> map) {
                Map<Object, Object> m = new LinkedHashMap<>();
                done.put(node, m);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    m.put(convert(e.getKey(), path, depth + 1), convert(e.getValue(), child(path, e.getKey()), depth + 1));
                }
                out = m;
            } else if (node instanceof ArrayList<?> list) {
                List<Object> l = new ArrayList<>();
                done.put(node, l);
                for (int i = 0; i < list.size(); i++) {
                    l.add(convert(list.get(i), child(path, i), depth + 1));
                }
                out = l;
            } else if (node instanceof List<?> tuple) {
                Object[] items = new Object[tuple.size()];
                for (int i = 0; i < items.length; i++) {
                    items[i] = convert(tuple.get(i), child(path, i), depth + 1);
                }
                out = Unpickler.tuple(items);
            } else if (node instanceof Set<?> set) {
                Set<Object> s = new LinkedHashSet<>();
                for (Object item : set) {
                    s.add(convert(item, path, depth + 1));
                }
                out = set instanceof LinkedHashSet ? s : Collections.unmodifiableSet(s);
            } else if (node instanceof Opaque o) {
                List<Object> args = o.args == null ? List.of() : castList(convert(o.args, child(path, o.global), depth + 1));
                out = new PickledObject(o.global, args, convert(o.state, child(path, o.global), depth + 1));
            } else if (node instanceof TypeMarker t) {
                out = new PickledObject(t.global(), List.of(), null);
            } else {
                throw new CheckpointException(source, null, "cannot represent " + Unpickler.describe(node) + " found at " + label(path));
            }
            done.put(node, out);
            return out;
        }

        @SuppressWarnings("unchecked")
        private static List<Object> castList(Object o) {
            return (List<Object>) o;
        }

        private static String child(String path, Object key) {
            return path.isEmpty() ? String.valueOf(key) : path + "." + key;
        }

        private static String label(String path) {
            return path.isEmpty() ? "<top level>" : path;
        }
    }
}
