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
import org.metalr.api.UserInputException;
import org.metalr.data.dicom.DicomWindow;
import org.metalr.data.image.ImagePreset;
import org.metalr.models.ModelFamily;
import org.metalr.models.checkpoint.CheckpointException;
import org.metalr.models.checkpoint.Checkpoints;
import org.metalr.runs.RunFiles;

/**
 * A checkpoint to run inference with, and the settings it was trained under. Each setting comes from
 * the command line when given; else from the run folder's {@code config.json} beside the file (a
 * folder written by {@code finetune}, {@code compare}, {@code grid} or {@code demo}): the model's name,
 * the class names, the preset, input size, normalisation and DICOM window; else from the tensors
 * themselves: the width and input channels from {@code conv1.weight}, the classes from
 * {@code fc.weight}; else the defaults (64x64, mean 0.18, std 0.24).
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
     * Fills the model options the command line left out, and requires the classes: see {@link #fill}.
     *
     * @throws UserInputException if the classes cannot be told and {@code --num-classes} is absent
     */
    void complete(ModelOptions options, java.util.function.Predicate<String> given) {
        fill(options, given);
        if (options.classes == null) {
            throw new UserInputException(file + ": no classifier head to tell the number of classes from; "
                    + prefixHint().map(p -> "its keys start with '" + p + "' (saved from DataParallel?): give"
                            + " --strip-prefix " + p).orElse("give --num-classes"));
        }
    }

    /** The prefix every key shares ({@code module.}), when {@code --strip-prefix} was not given. */
    private Optional<String> prefixHint() {
        if (stripPrefix != null && !stripPrefix.isEmpty()) {
            return Optional.empty();
        }
        String first = tensors.keySet().stream().findFirst().orElse("");
        int dot = first.indexOf('.');
        if (dot < 1) {
            return Optional.empty();
        }
        String prefix = first.substring(0, dot + 1);
        boolean shared = tensors.keySet().stream().allMatch(k -> k.startsWith(prefix));
        return shared ? Optional.of(prefix) : Optional.empty();
    }

    /**
     * Fills the model options the command line left out: the model's name from the run, then the width,
     * input channels and classes its family infers from the tensors' shapes
     * ({@link ModelFamily#inferOptions}); what neither tells stays as it is.
     *
     * @param given which of {@code --model}, {@code --width}, {@code --in-channels} the command line set
     * @return what the shapes told
     */
    ModelFamily.Inferred fill(ModelOptions options, java.util.function.Predicate<String> given) {
        if (!given.test("--model") && run != null && run.path("model").path("name").isTextual()) {
            options.model = run.path("model").path("name").asText();
        }
        ModelFamily.Inferred inferred = options.family().inferOptions(stateDict());
        if (!given.test("--width") && inferred.width() != null) {
            options.width = inferred.width();
        }
        if (!given.test("--in-channels") && inferred.inChannels() != null) {
            options.inChannels = inferred.inChannels();
        }
        if (options.classes == null) {
            options.classes = inferred.classes();
        }
        return inferred;
    }

    /** The tensors as the file stores them. */
    Map<String, HostTensor> tensors() {
        return tensors;
    }

    /** The tensors under their keys with the prefix removed. */
    Map<String, HostTensor> stateDict() {
        Map<String, HostTensor> out = new java.util.LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(stripPrefix != null && k.startsWith(stripPrefix)
                ? k.substring(stripPrefix.length()) : k, v));
        return out;
    }

    /**
     * The input settings the run was trained with, for those the command line leaves open: its
     * {@code preset}, {@code imageSize}, {@code mean}, {@code std} and {@code dicomWindow} as its
     * {@code config.json} records them; each absent one (every one outside a run folder) is the paper's.
     *
     * @throws IllegalArgumentException naming the file if a recorded value is malformed
     */
    ImageOptions.Fallback inputs() {
        JsonNode p = run == null ? null : run.path("run").path("pipeline");
        ImageOptions.Fallback paper = ImageOptions.Fallback.PAPER;
        if (p == null || !p.isObject()) {
            return paper;
        }
        try {
            ImagePreset preset = p.path("preset").isTextual() ? ImagePreset.named(p.get("preset").asText()) : null;
            Integer size = p.path("imageSize").canConvertToInt() ? p.get("imageSize").asInt() : null;
            DicomWindow window = p.path("dicomWindow").isTextual() ? DicomWindow.parse(p.get("dicomWindow").asText())
                    : null;
            return new ImageOptions.Fallback(preset, size, runFloats("mean").orElse(paper.mean()),
                    runFloats("std").orElse(paper.std()), window);
        } catch (UserInputException e) {
            throw new UserInputException(configFile() + ": run.pipeline: " + e.getMessage(), e);
        }
    }

    private Path configFile() {
        return file.toAbsolutePath().getParent().resolve(RunFiles.CONFIG);
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
