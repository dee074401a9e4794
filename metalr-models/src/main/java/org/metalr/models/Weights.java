package org.metalr.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Network;
import org.metalr.models.checkpoint.CheckpointException;
import org.metalr.models.checkpoint.Checkpoints;
import org.metalr.models.checkpoint.KeyMapping;
import org.metalr.models.checkpoint.LoadReport;
import org.metalr.models.checkpoint.LoadedWeights;
import org.metalr.models.checkpoint.SafetensorsWriter;

/**
 * Pre-trained weights into a network's state, and a fine-tuned state out to a file, without an
 * engine: the result of {@link #load} goes to {@code Backend.create} as the initial state.
 *
 * <pre>{@code
 * Network net = ResNet18.network(3);
 * Weights.Loaded w = Weights.load(Path.of("resnet18-f37072fd.pth"), net,
 *         KeyMapping.identity().drop("^fc\\.").allowMissing("^fc\\."), Initializers.kaiming(net, 42));
 * log.info(w.report().summary());   // what was loaded, left at initialisation, ignored
 * Differentiable model = backend.create(net, w.state(), DType.FLOAT32);
 * ...
 * Weights.save(Path.of("fine-tuned.safetensors"), net, model.state());
 * }</pre>
 *
 * Reading a checkpoint costs one pass over the file and holds its tensors in memory once.
 */
public final class Weights {

    /** Model tensors a checkpoint may lack: PyTorch itself accepts BatchNorm counters missing (files from before 0.4.1). */
    private static final String COUNTER = "(^|\\.)num_batches_tracked$";

    private Weights() {}

    /**
     * A network's full state after loading a checkpoint.
     *
     * @param state  every parameter and buffer of the network, by name, in network order (parameters,
     *               then buffers): the checkpoint's value where it had one, else the initial value
     * @param report what was loaded, left at initialisation and ignored
     */
    public record Loaded(Map<String, HostTensor> state, LoadReport report) {
        public Loaded {
            state = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(state));
            Objects.requireNonNull(report, "report");
        }
    }

    /**
     * Reads {@code file} (a {@code torch.save} zip checkpoint or a safetensors file, told apart by
     * content), maps its keys to the network's names through {@code mapping}, and merges its tensors
     * over {@code initial}. BatchNorm's {@code num_batches_tracked} may be absent from the checkpoint
     * whatever the mapping says (it keeps its initial value, as PyTorch's loader does). Tensors keep
     * the element type they were read in (float16 and bfloat16 arrive as float32); the backend converts
     * them to the model's type.
     *
     * @param initial every parameter and buffer of {@code network} (for example from
     *                {@link Initializers}): the values of tensors the checkpoint leaves out
     * @throws org.metalr.models.checkpoint.StateDictMismatchException naming every missing, unexpected or
     *     wrongly shaped tensor (with both shapes); nothing is returned half-loaded
     * @throws CheckpointException      if the file is unreadable, corrupt or truncated (naming the file and
     *     key), or holds an integer tensor where the network has floating-point values or the reverse
     * @throws IllegalArgumentException if {@code initial} lacks a tensor of the network, has one it does
     *     not know, or one of the wrong shape
     */
    public static Loaded load(Path file, Network network, KeyMapping mapping, Map<String, HostTensor> initial)
            throws CheckpointException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(mapping, "mapping");
        List<TensorInfo> expected = tensors(network);
        requireComplete(expected, initial);
        LoadedWeights loaded = Checkpoints.load(file, expected, mapping.allowMissing(COUNTER));
        Map<String, HostTensor> state = new LinkedHashMap<>();
        for (TensorInfo t : expected) {
            HostTensor value = loaded.tensors().get(t.name());
            if (value == null) {
                state.put(t.name(), initial.get(t.name()));
                continue;
            }
            boolean counter = initial.get(t.name()).kind() == HostTensor.Kind.INT64;
            boolean integer = value.kind() == HostTensor.Kind.INT64;
            if (counter != integer) {
                String key = loaded.report().renamed().getOrDefault(t.name(), t.name());
                throw new CheckpointException(file.toString(), key, "is " + value.kind() + " but " + t.name()
                        + (counter ? " is an integer counter" : " holds floating-point values"));
            }
            state.put(t.name(), value);
        }
        return new Loaded(state, loaded.report());
    }

    /**
     * Writes every parameter and buffer of {@code network} from {@code state} to a safetensors file,
     * atomically, in network order, with metadata {@code format=pt} (what
     * {@code safetensors.torch.save_file} writes) and {@code network=}the network's name. PyTorch reads
     * it back with {@code safetensors.torch.load_file} and {@code load_state_dict}.
     *
     * @param state a model's {@code state()} (extra entries are not allowed)
     * @throws IllegalArgumentException if {@code state} lacks a tensor of the network, has one it does
     *     not know, or one of the wrong shape
     * @throws IOException              "cannot write FILE: REASON" if the file cannot be written (an existing
     *                                  file is then unchanged)
     */
    public static void save(Path file, Network network, Map<String, HostTensor> state) throws IOException {
        Objects.requireNonNull(file, "file");
        List<TensorInfo> expected = tensors(network);
        requireComplete(expected, state);
        Map<String, HostTensor> ordered = new LinkedHashMap<>();
        for (TensorInfo t : expected) {
            ordered.put(t.name(), state.get(t.name()));
        }
        SafetensorsWriter.write(file, ordered, Map.of("format", "pt", "network", network.name()));
    }

    private static List<TensorInfo> tensors(Network network) {
        List<TensorInfo> out = new ArrayList<>(network.parameters());
        out.addAll(network.buffers());
        return out;
    }

    private static void requireComplete(List<TensorInfo> expected, Map<String, HostTensor> state) {
        Objects.requireNonNull(state, "state");
        Set<String> names = new HashSet<>();
        for (TensorInfo t : expected) {
            names.add(t.name());
            HostTensor h = state.get(t.name());
            if (h == null) {
                throw new IllegalArgumentException("state lacks tensor '" + t.name() + "' of shape "
                        + Arrays.toString(t.shape()));
            }
            if (!Arrays.equals(h.shape(), t.shape())) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' has shape " + Arrays.toString(h.shape())
                        + ", the network expects " + Arrays.toString(t.shape()));
            }
        }
        for (String key : state.keySet()) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException("state has tensor '" + key + "', which the network does not have");
            }
        }
    }
}
