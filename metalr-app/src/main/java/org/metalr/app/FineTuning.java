package org.metalr.app;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.metalr.api.Backend;
import org.metalr.api.Device;
import org.metalr.api.io.FolderLock;
import org.metalr.libtorch.NativeEnvironment;
import org.metalr.libtorch.SharedLibTorch;
import org.metalr.train.EvaluationSettings;
import org.metalr.train.ModelSpec;
import org.metalr.runs.RunReport;
import org.metalr.train.TrainConfig;
import org.metalr.train.Trainer;
import org.metalr.train.TrainingData;
import org.metalr.train.TrainingListener;
import org.metalr.runs.RunFiles;
import org.metalr.train.method.InvalidConfigException;

/**
 * One fine-tuning run into a run folder through the trainer, as every training command starts it:
 * new, resumed, or resumed if it has begun. The run folder is the trainer's ({@code config.json},
 * {@code metrics.json}, {@code lr_trajectory.csv}, {@code losses.csv}, {@code best.safetensors},
 * {@code checkpoints/}); {@code config.json}'s {@code run} object holds {@link #context}.
 */
final class FineTuning {

    /** How a run starts. */
    enum Start {
        /** From the beginning; a folder that holds a run is an error. */
        NEW,
        /** From the folder's last checkpoint; a folder without one is an error. */
        RESUME,
        /** From the last checkpoint if there is one, else from the beginning. */
        RESUME_IF_STARTED
    }

    /**
     * Everything a run needs besides its folder.
     *
     * @param config   the trainer's settings
     * @param data     the run's images or volumes
     * @param model    the network and its starting weights
     * @param backend  the backend
     * @param device   where the model is built and computes
     * @param loader   how images are loaded (threads, shuffling)
     * @param context     the {@code run} entries of {@code config.json}
     * @param evaluation  the surface Dice's tolerance and the test intervals' bootstrap
     * @param tensorBoard whether to write TensorBoard scalars under {@code tensorboard/}
     */
    record Job(TrainConfig config, RunData data, ModelSpec model, Backend backend, Device device,
            TrainingData.Options loader, Map<String, Object> context, EvaluationSettings evaluation,
            boolean tensorBoard) {
        Job {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(loader, "loader");
            Objects.requireNonNull(evaluation, "evaluation");
            context = Map.copyOf(context);
        }

        /** A job with the default evaluation settings and TensorBoard scalars. */
        Job(TrainConfig config, RunData data, ModelSpec model, Backend backend, Device device,
                TrainingData.Options loader, Map<String, Object> context) {
            this(config, data, model, backend, device, loader, context, EvaluationSettings.DEFAULTS, true);
        }
    }

    private FineTuning() {}

    /**
     * Runs or resumes {@code job} in {@code dir}.
     *
     * @throws InvalidConfigException naming the setting that is invalid or differs from the run's
     * @throws org.metalr.train.TrainingDivergedException if a loss or hypergradient became NaN or infinite
     * @throws IOException if a file of the run cannot be read or written
     */
    static RunReport run(Job job, Path dir, Start start, TrainingListener listener) throws IOException {
        return run(job, dir, start, listener, null);
    }

    /**
     * As {@link #run(Job, Path, Start, TrainingListener)}, in a folder whose lock the caller already holds
     * ({@code held}, null to let the trainer take it): a sweep worker's claimed run.
     */
    static RunReport run(Job job, Path dir, Start start, TrainingListener listener, FolderLock held)
            throws IOException {
        try (TrainingData data = job.data().open(job.config(), job.loader())) {
            Trainer trainer = new Trainer(job.config(), job.backend(), job.model(), data, dir)
                    .listener(listener)
                    .device(job.device())
                    .context(job.context())
                    .stopRequest(Signals.stopRequest())
                    .evaluation(job.evaluation())
                    .tensorBoard(job.tensorBoard());
            if (held != null) {
                trainer.heldLock(held);
            }
            switch (start) {
                case NEW:
                    return trainer.run();
                case RESUME:
                    return trainer.resume();
                default:
                    try {
                        return trainer.resume();
                    } catch (InvalidConfigException e) {
                        if (!e.setting().equals("resume")) {
                            throw e;
                        }
                        return trainer.run();
                    }
            }
        }
    }

    /**
     * The {@code run} entries of {@code config.json}: the command, its flags, the data, the LibTorch
     * the numbers came from, and the caller's extra entries.
     */
    static Map<String, Object> context(String command, Map<String, Object> flags, String data, RunData runData,
            Map<String, Object> extra) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", "metalr " + command);
        c.put("flags", flags);
        c.put("data", data);
        c.put("pipeline", new LinkedHashMap<>(runData.preprocessing()));
        c.putAll(extra);
        Map<String, Object> lib = new LinkedHashMap<>();
        lib.put("version", SharedLibTorch.VERSION);
        lib.put("build", SharedLibTorch.cudaBuild() ? "cuda" : "cpu");
        lib.put("threads", SharedLibTorch.threads());
        lib.put("convolutions", new ReadWhenWritten(SharedLibTorch::convolutions));
        lib.put("cpuPages", SharedLibTorch.cpuPages());
        lib.put("environment", NativeEnvironment.current());
        c.put("libtorch", lib);
        c.put("java", System.getProperty("java.version"));
        c.put("metalr", Main.VERSION);
        return c;
    }

    /**
     * A {@code config.json} entry read when the file is written, after the model has opened: LibTorch's
     * choice of convolutions is made as each network opens.
     */
    record ReadWhenWritten(Supplier<String> value) {
        @JsonValue
        String json() {
            return value.get();
        }
    }

    /**
     * Fails unless {@code now} agrees with {@code before} (a JSON object of flags written by an earlier
     * start) on every flag outside {@code mayChange}.
     *
     * @throws InvalidConfigException naming the first flag that differs
     */
    static void requireSameFlags(JsonNode before, Map<String, Object> now, Set<String> mayChange, Path where) {
        if (before == null || !before.isObject()) {
            return;
        }
        JsonNode current;
        try {
            current = new ObjectMapper().readTree(RunFiles.toJson(now));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("flags could not be read back as JSON", e);
        }
        for (Iterator<String> it = current.fieldNames(); it.hasNext();) {
            String flag = it.next();
            if (mayChange.contains(flag) || !before.has(flag)) {
                continue;
            }
            JsonNode was = before.get(flag);
            if (current.get(flag).isNull() && was.asText().equals(FORMER_DEFAULTS.get(flag))) {
                continue; // the former default, now the rule's own: --rule, checked first, decides
            }
            if (!current.get(flag).equals(was)) {
                String continueWith = was.isNull() ? "continue without " + flag
                        : was.isValueNode() && !was.isBoolean()
                        ? "continue with " + flag + " " + was.asText() + " (as it was started)"
                        : "continue with the same settings";
                throw new InvalidConfigException(flag.replaceFirst("^--", ""), "was " + was + " when " + where
                        + " was started, now " + current.get(flag) + "; " + continueWith + " or choose another --out");
            }
        }
    }

    /**
     * Flags whose default became the rule's (null) when the default {@code --rule} became {@code cosine}, with
     * the value runs recorded before: every named rule's own then, so a run that recorded it resumes without
     * the flag once {@code --rule} (recorded, and compared first) is the run's.
     */
    private static final Map<String, String> FORMER_DEFAULTS = Map.of("--lookahead", "gradient", "--hyper-normalize",
            "none", "--meta-every", "1");
}
