package org.metalr.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metalr.api.HostTensor;
import org.metalr.data.image.Normalize;
import org.metalr.models.checkpoint.CheckpointException;
import org.metalr.models.checkpoint.Checkpoints;
import org.metalr.runs.RunFiles;

/**
 * A checkpoint to run inference with, and the settings it was trained under. Each setting comes from
 * the command line when given; else from the run folder's {@code config.json} beside the file (a
 * folder written by {@code finetune}, {@code compare}, {@code grid} or {@code demo}): the model's name,
 * the input size and the normalisation; else from the tensors themselves: the width and input
 * channels from {@code conv1.weight}, the classes from {@code fc.weight}; else the defaults (64x64,
 * mean 0.18, std 0.24).
 */
final class SavedModel {

    private final Path file;
    private final Map<String, HostTensor> tensors;
    private final JsonNode run;
    private final String stripPrefix;

    private SavedModel(Path file, Map<String, HostTensor> tensors, JsonNode run, String stripPrefix) {
        this.file = file;
        this.tensors = tensors;
        this.run = run;
        this.stripPrefix = stripPrefix;
    }

    /**
     * Reads the checkpoint and, if there is one, the {@code config.json} beside it.
     *
     * @param stripPrefix a prefix to remove from the checkpoint's keys, or null
     * @throws CheckpointException naming the file if it cannot be read
     * @throws IOException if the {@code config.json} beside it is malformed
     */
    static SavedModel read(Path file, String stripPrefix) throws IOException {
        Map<String, HostTensor> tensors = Checkpoints.readStateDict(file);
        Path config = file.toAbsolutePath().getParent().resolve(RunFiles.CONFIG);
        JsonNode run = Files.isRegularFile(config) ? RunFiles.readTree(config) : null;
        return new SavedModel(file, tensors, run, stripPrefix);
    }

    /** The checkpoint file. */
    Path file() {
        return file;
    }

    /** Whether a run folder's {@code config.json} lies beside the file. */
    boolean inRunFolder() {
        return run != null;
    }

    /** The tensor stored as {@code key} (after the prefix is removed). */
    Optional<HostTensor> tensor(String key) {
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            String k = stripPrefix != null && e.getKey().startsWith(stripPrefix)
                    ? e.getKey().substring(stripPrefix.length()) : e.getKey();
            if (k.equals(key)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** The tensor stored as {@code key}, or an error naming the file. */
    HostTensor require(String key) throws CheckpointException {
        return tensor(key).orElseThrow(() -> new CheckpointException(file.toString(), key,
                "is not in the checkpoint (expected a ResNet-18 or small CNN state dict"
                        + (stripPrefix == null ? "; --strip-prefix removes a prefix such as module." : "") + ")"));
    }

    /**
     * Fills the model options the command line left out: the model's name from the run, the width and
     * input channels from {@code conv1.weight}, the classes from {@code fc.weight}.
     *
     * @param given which of {@code --model}, {@code --width}, {@code --in-channels} the command line set
     * @throws IllegalArgumentException if the classes cannot be told and {@code --num-classes} is absent
     */
    void complete(ModelOptions options, java.util.function.Predicate<String> given) {
        if (!given.test("--model") && run != null && run.path("model").path("name").isTextual()) {
            options.model = run.path("model").path("name").asText();
        }
        Optional<HostTensor> conv1 = tensor("conv1.weight").filter(t -> t.shape().length == 4);
        if (conv1.isPresent()) {
            if (!given.test("--width")) {
                options.width = (int) conv1.get().shape()[0];
            }
            if (!given.test("--in-channels")) {
                options.inChannels = (int) conv1.get().shape()[1];
            }
        }
        if (options.classes == null) {
            options.classes = HeadClasses.of(tensors, stripPrefix).orElseThrow(() -> new IllegalArgumentException(
                    file + ": no fc.weight to tell the number of classes from; give --num-classes"));
        }
    }

    /** The input size: {@code given}, else the run's, else 64. */
    int imageSize(Integer given) {
        if (given != null) {
            if (given < 1) {
                throw new IllegalArgumentException("--image-size must be >= 1, got " + given);
            }
            return given;
        }
        JsonNode size = run == null ? null : run.path("run").path("pipeline").path("imageSize");
        return size != null && size.canConvertToInt() ? size.asInt() : 64;
    }

    /** The normalisation: {@code --mean} and {@code --std} where given, else the run's, else the paper's. */
    Normalize normalize(String mean, String std, int channels) {
        float[] m = runFloats("mean").orElse(new float[] {DataOptions.PAPER_MEAN});
        float[] s = runFloats("std").orElse(new float[] {DataOptions.PAPER_STD});
        return DataOptions.normalize(mean, std, m, s, channels);
    }

    /** The run's class names, if its {@code config.json} lists them. */
    List<String> classNames() {
        List<String> out = new ArrayList<>();
        if (run != null) {
            run.path("data").path("classes").forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private Optional<float[]> runFloats(String key) {
        JsonNode values = run == null ? null : run.path("run").path("pipeline").path(key);
        if (values == null || !values.isArray() || values.isEmpty()) {
            return Optional.empty();
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values.get(i).asDouble();
        }
        return Optional.of(out);
    }
}
