package org.metalr.models.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;

/**
 * Entry points for model weights: read a checkpoint of either format (told apart by content), match
 * it to a model, write one as safetensors. Reading and matching throw {@link CheckpointException} (the
 * user's input) with a message naming the file and, where one is concerned, the tensor key; writing
 * throws an {@link IOException} naming the file (the environment).
 */
public final class Checkpoints {

    private Checkpoints() {}

    /**
     * The state dict of a {@code torch.save} file of either format, zip or legacy (found as
     * {@link StateDicts} describes, read by a {@linkplain TorchCheckpointReader#strict() strict}
     * reader), or all tensors of a safetensors file.
     *
     * @return tensor name to tensor, in the file's order
     */
    public static Map<String, HostTensor> readStateDict(Path file) throws CheckpointException {
        switch (CheckpointFormat.detect(file)) {
            case TORCH_ZIP:
            case TORCH_LEGACY:
                return TorchCheckpointReader.strict().readStateDict(file);
            default:
                return new LinkedHashMap<>(SafetensorsReader.read(file).tensors());
        }
    }

    /**
     * Each tensor's element type as {@code file} stores it (FLOAT32, FLOAT16, BFLOAT16, INT64, ...), read
     * without the tensors; {@link #readStateDict} widens half precision to float32, so this is where a
     * checkpoint's own types are seen.
     *
     * @return tensor name to type name, in the file's order
     */
    public static Map<String, String> storedTypes(Path file) throws CheckpointException {
        Map<String, ElementType> types = switch (CheckpointFormat.detect(file)) {
            case TORCH_ZIP, TORCH_LEGACY -> TorchCheckpointReader.strict().storedTypes(file);
            default -> SafetensorsReader.storedTypes(file);
        };
        Map<String, String> out = new LinkedHashMap<>();
        types.forEach((k, t) -> out.put(k, t.storedName()));
        return out;
    }

    /**
     * Reads {@code file} and matches it to the model's {@code expected} tensors through
     * {@code mapping}; see {@link StateDictMatcher#match}.
     *
     * @throws StateDictMismatchException if the tensors do not fit the model (every problem listed)
     */
    public static LoadedWeights load(Path file, List<TensorInfo> expected, KeyMapping mapping) throws CheckpointException {
        return StateDictMatcher.match(file.toString(), readStateDict(file), expected, mapping);
    }

    /** Writes {@code tensors} as a safetensors file, atomically; see {@link SafetensorsWriter}. */
    public static void writeSafetensors(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
            throws IOException {
        SafetensorsWriter.write(file, tensors, metadata);
    }
}
