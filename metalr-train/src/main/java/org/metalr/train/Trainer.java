package org.metalr.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.metalr.api.Backend;
import org.metalr.api.Batch;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.GroupLayout;
import org.metalr.api.HostTensor;
import org.metalr.api.io.FolderLock;
import org.metalr.core.NonFiniteException;
import org.metalr.data.BatchStream;
import org.metalr.data.DataFingerprint;
import org.metalr.data.SegmentationSource;
import org.metalr.models.checkpoint.SafetensorsReader;
import org.metalr.models.checkpoint.SafetensorsWriter;
import org.metalr.runs.EpochRecord;
import org.metalr.runs.LossesCsv;
import org.metalr.runs.LrTrajectoryCsv;
import org.metalr.runs.MetricsCsv;
import org.metalr.runs.RunConfig;
import org.metalr.runs.RunFiles;
import org.metalr.runs.RunReport;
import org.metalr.stats.Bootstrap;
import org.metalr.train.method.GroupPlan;
import org.metalr.train.method.InvalidConfigException;
import org.metalr.train.method.IterationResult;
import org.metalr.train.method.MethodRun;

/**
 * Fine-tunes one model with one method and writes a run folder. Every method goes through the same
 * loop: epochs of iterations over the training stream (MetaLR drawing one meta-validation batch per
 * iteration from an endless cycle), after each pass the method's verdict (AutoLR may redo the epoch),
 * after each epoch an evaluation on the validation set and model selection on its headline figure
 * (ties: lower validation loss, then the earlier epoch; the test set never takes part), and at the end
 * the test figures of the selected model and of the last epoch, with their bootstrap confidence
 * intervals ({@link EvaluationSettings}). Data without a test set ({@link TrainingData#hasTest()} false)
 * ends without test figures: {@code metrics.json} says why ({@link RunReport#validationOnly()}) and the
 * run's figures are its validation figures. The trainer knows no method: each
 * plans its groups, checks its settings, runs, and keeps its own state, which the trainer saves in
 * checkpoints and reports in {@code metrics.json} as {@code methodState} without looking inside.
 *
 * <h2>The model</h2>
 * A {@link RunModel}: a network description with its starting weights ({@link ModelSpec}), which the
 * trainer builds on the backend and owns, or a model of the user's own ({@link UserModel}: a DJL
 * {@code Block} or a JavaCPP {@code Module} with its groups), which it trains in place and leaves to the
 * user. Both get the same checks, loop, checkpoints, exact resumption and run folder.
 *
 * <h2>Classification and segmentation</h2>
 * The model's task says which: a classifier (cross-entropy) trains on class-labelled batches and is
 * evaluated on samples (accuracy selects the model); a Dice-loss segmentation network (the 3D U-Net)
 * trains on {@link org.metalr.api.Batch#segmentation} crops and is evaluated on whole volumes, each
 * predicted tile by tile with {@code forward(tile, false)} and stitched, Dice, PPV and sensitivity per
 * volume and over all voxels, HD95 and surface Dice per volume in millimetres through the volume's
 * voxel spacing (mean Dice over the validation volumes selects the model). Both run
 * through the same loop, methods, checkpoints and resumption.
 *
 * <h2>The run folder</h2>
 * The files' records live in {@code org.metalr.runs}, which the report reads them with.
 * <ul>
 *   <li>{@code config.json} ({@link RunConfig}): {@code train}, every setting ({@link TrainConfig#settings()});
 *       {@code model}, {@code data}, {@code backend}, {@code device}; {@code evaluation}
 *       ({@link EvaluationSettings#settings()}); {@code run}, the caller's {@link #context} entries;</li>
 *   <li>{@code lr_trajectory.csv} ({@link LrTrajectoryCsv}): row 0 the initial rates, row {@code t} the
 *       rates after iteration {@code t}; {@code losses.csv} ({@link LossesCsv}): the training loss and
 *       MetaLR's validation loss at the look-ahead per iteration;</li>
 *   <li>{@code metrics.csv} ({@link MetricsCsv}): one row per epoch, losses, every validation figure and
 *       each group's learning rate;</li>
 *   <li>{@code metrics.json} ({@link RunReport}): written after every epoch and at the end;</li>
 *   <li>{@code tensorboard/}: TensorBoard scalars ({@link TensorBoardLog}), unless switched off;</li>
 *   <li>{@code best.safetensors}: the selected model's parameters and buffers;</li>
 *   <li>{@code checkpoints/}: the latest checkpoint ({@link Checkpoints}), written at the start, after
 *       every pass, every {@link TrainConfig#checkpointEvery()} iterations and when the iteration limit
 *       stops the run.</li>
 * </ul>
 *
 * <h2>Exact resumption</h2>
 * {@link #resume()} continues from the latest checkpoint: parameters, buffers, optimizer state, rates,
 * iteration, the method's own state, data position (pass, batch, meta-validation batches drawn). Batches depend
 * only on the seed and their position, so the resumed run takes the same iterations with the same
 * numbers as one never stopped (same backend, same machine): the logs ({@code lr_trajectory.csv},
 * {@code losses.csv}, {@code metrics.csv}), {@code metrics.json} but for its wall time, and the final
 * parameters are identical; the TensorBoard folder shows the same scalars ({@link TensorBoardLog}).
 * Only {@code maxIters} and {@code checkpointEvery} may differ when resuming.
 *
 * <h2>Failure</h2>
 * A NaN or infinite loss or hypergradient ends the run with a {@link TrainingDivergedException}
 * naming the iteration and the group; the logs keep every row before it, {@code metrics.json} says
 * {@code diverged}, and the last checkpoint stays. Invalid settings are reported by {@link #validate()}
 * as {@link InvalidConfigException}s naming the setting, before any file is written.
 *
 * <p>A trainer drives one run on the calling thread; it owns the model it creates (not a
 * {@link UserModel}'s), not the data.
 */
public final class Trainer {

    private final TrainConfig config;
    private final Backend backend;
    private final RunModel model;
    private final TrainingData data;
    private final Path runDir;
    private TrainingListener listener = new TrainingListener() {};
    private Map<String, Object> context = Map.of();
    private Device device = Device.CPU;
    private StopRequest stop = new StopRequest();
    private FolderLock heldLock;
    private EvaluationSettings evaluation = EvaluationSettings.DEFAULTS;
    private boolean tensorBoard = true;

    /**
     * @param config  the run's settings
     * @param backend the backend that builds the model (a {@link UserModel}: the backend of its binding,
     *                recorded in {@code config.json})
     * @param model   the model to fine-tune: a description and its starting weights, or the user's own
     * @param data    the batch streams; not owned
     * @param runDir  the run folder (created if missing)
     */
    public Trainer(TrainConfig config, Backend backend, RunModel model, TrainingData data, Path runDir) {
        this.config = Objects.requireNonNull(config, "config");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.model = Objects.requireNonNull(model, "model");
        this.data = Objects.requireNonNull(data, "data");
        this.runDir = Objects.requireNonNull(runDir, "runDir");
    }

    /** Follows the run with {@code value}; returns this trainer. */
    public Trainer listener(TrainingListener value) {
        this.listener = Objects.requireNonNull(value, "listener");
        return this;
    }

    /**
     * Where a described model is built ({@link RunModel#open}): its parameters, buffers, optimizer state,
     * look-ahead and evaluation passes live there, batches are copied in and checkpoints, logs and reports
     * are written from host copies. The CPU unless set; a run may resume on another device. Returns this
     * trainer.
     */
    public Trainer device(Device value) {
        this.device = Objects.requireNonNull(value, "device");
        return this;
    }

    /**
     * Stops the run at the iteration boundary after {@code value} is requested, with a checkpoint there
     * ({@link RunInterruptedException}); returns this trainer.
     */
    public Trainer stopRequest(StopRequest value) {
        this.stop = Objects.requireNonNull(value, "stop");
        return this;
    }

    /**
     * Uses {@code lock}, which the caller already holds on the run folder (a sweep worker's claim),
     * instead of acquiring the folder itself: the claim and the run are one hold, with no moment in which
     * another worker could take the folder. The caller keeps owning the lock and closes it after the run;
     * returns this trainer.
     *
     * @throws IllegalArgumentException if {@code lock} is not on this trainer's run folder
     */
    public Trainer heldLock(FolderLock lock) {
        if (!lock.dir().equals(runDir.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the lock is on " + lock.dir() + ", not on the run folder " + runDir);
        }
        this.heldLock = lock;
        return this;
    }

    /** Entries for {@code config.json}'s {@code run} object (the command's flags, data paths, ...); returns this trainer. */
    public Trainer context(Map<String, Object> value) {
        this.context = Map.copyOf(value);
        return this;
    }

    /**
     * How the figures are computed (surface Dice tolerance, the test intervals' bootstrap;
     * {@link EvaluationSettings#DEFAULTS} unless given); returns this trainer.
     */
    public Trainer evaluation(EvaluationSettings value) {
        this.evaluation = Objects.requireNonNull(value, "evaluation");
        return this;
    }

    /** Whether to write TensorBoard scalars under {@code tensorboard/} (yes unless told); returns this trainer. */
    public Trainer tensorBoard(boolean value) {
        this.tensorBoard = value;
        return this;
    }

    /**
     * Checks the settings against the model and the data, without touching any file, and without native
     * work for a described network (a {@link UserModel} runs one evaluation-mode forward pass of zeros).
     *
     * @return the method's plan for the model's groups
     * @throws InvalidConfigException naming the setting: a model whose task does not fit the data
     *     (a classifier on masks, a segmentation network on class labels), a user's model in another
     *     element type or on another device than the run's, a method that does not fit the model (frozen range outside 1..d-1,
     *     unknown depth reading), a batch larger than the training set (or the meta-validation set, for
     *     a method that draws from it), a model whose outputs disagree with the data's classes, crops the
     *     segmentation network cannot take, settings the method refuses (MetaLR's initial rates outside
     *     its rule's bounds)
     * @throws IllegalArgumentException for loaders that do not fit the settings or empty sets
     */
    public GroupPlan validate() {
        if (model.segmentation() != data.segmentation()) {
            throw new InvalidConfigException("model", "'" + model.name() + "' trains with " + model.objective()
                    + (data.segmentation() ? " on class labels, but the data are segmentation crops with masks"
                            : " on segmentation masks, but the data are class-labelled samples"));
        }
        model.dtype().filter(t -> t != config.dtype()).ifPresent(t -> {
            throw new InvalidConfigException("dtype", "the model '" + model.name() + "' computes in "
                    + t.name().toLowerCase(Locale.ROOT) + " but the run's dtype is "
                    + config.dtype().name().toLowerCase(Locale.ROOT));
        });
        model.device().filter(d -> !d.equals(device)).ifPresent(d -> {
            throw new InvalidConfigException("device", "the model '" + model.name() + "' lives on " + d
                    + " but the run's device is " + device);
        });
        GroupPlan plan = config.method().plan(model.groups(), model.depthReadings(), config.lr(),
                config.backboneLrScale());
        GroupLayout.resolve(plan.groups(), model.parameters());
        int classes = data.classes().size();
        int outputs = model.outputs(data.train().source().sampleShape());
        if (outputs != classes) {
            throw new InvalidConfigException("num-classes", "the model '" + model.name() + "' has "
                    + outputs + " outputs but the data has " + classes + " classes " + data.classes());
        }
        if (data.segmentation()) {
            requireCropsFit(model, (SegmentationSource) data.train().source());
        }
        if (data.train().config().batchSize() != config.batchSize()
                || data.metaValidation().config().batchSize() != config.batchSize()) {
            throw new IllegalArgumentException("the training and meta-validation loaders cut batches of "
                    + data.train().config().batchSize() + " and " + data.metaValidation().config().batchSize()
                    + " samples, but the run's batch size is " + config.batchSize());
        }
        int trainSize = data.train().source().size();
        if (config.batchSize() > trainSize) {
            throw new InvalidConfigException("batch-size", config.batchSize() + " is larger than the training set ("
                    + trainSize + " samples)");
        }
        int metaSize = data.metaValidation().source().size();
        if (config.method().usesMetaValidation() && config.batchSize() > metaSize) {
            throw new InvalidConfigException("batch-size", config.batchSize() + " is larger than the meta-validation set ("
                    + metaSize + " samples) that " + config.method().spec() + " draws its batches from");
        }
        requireSamples(data.validation(), "validation");
        if (data.hasTest()) {
            requireSamples(data.test(), "test");
        }
        requireEvaluationFits(model, data, config.evaluation());
        config.method().check(plan, config.methodSettings());
        return plan;
    }

    /** {@code --val-cases} and {@code --eval-tile} apply to whole volumes; a given tile must fit the model. */
    private static void requireEvaluationFits(RunModel model, TrainingData data, EvalSettings e) {
        if (!data.segmentation()) {
            if (e.valCases() > 0) {
                throw new InvalidConfigException("val-cases", "selects validation volumes of a segmentation run; "
                        + "this run validates on " + data.validation().size() + " class-labelled samples");
            }
            if (!e.tile().isEmpty()) {
                throw new InvalidConfigException("eval-tile", "applies to whole-volume segmentation evaluation");
            }
            return;
        }
        if (e.valCases() > data.validation().size()) {
            throw new InvalidConfigException("val-cases", e.valCases() + " is more than the " + data.validation().size()
                    + " validation volumes");
        }
        if (!e.tile().isEmpty()) {
            int[] tile = {1, e.tile().get(0), e.tile().get(1), e.tile().get(2)};
            try {
                model.outputShape(tile);
            } catch (IllegalArgumentException ex) {
                throw new InvalidConfigException("eval-tile", "'" + model.name() + "' cannot take tiles of "
                        + e.tile() + ": " + ex.getMessage());
            }
        }
    }

    /** The model must map a crop to an output of its mask's shape (the U-Net: sizes divisible by 8). */
    private static void requireCropsFit(RunModel model, SegmentationSource source) {
        long[] mask = RunModel.batchOfOne(source.maskShape());
        long[] output;
        try {
            output = model.outputShape(source.sampleShape());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("crop", "'" + model.name() + "' cannot take crops of shape "
                    + Arrays.toString(source.sampleShape()) + ": " + e.getMessage());
        }
        if (!Arrays.equals(output, mask)) {
            throw new InvalidConfigException("crop", "'" + model.name() + "' maps crops of shape "
                    + Arrays.toString(source.sampleShape()) + " to " + Arrays.toString(output) + ", but their masks are "
                    + Arrays.toString(mask));
        }
    }

    private static void requireSamples(EvaluationSet set, String which) {
        if (set.size() == 0) {
            throw new IllegalArgumentException("the " + which + " set is empty");
        }
    }

    /**
     * Runs from the start.
     *
     * @throws InvalidConfigException as {@link #validate()}, or naming {@code out} if the folder
     *     already holds a run's checkpoint
     * @throws TrainingDivergedException if a loss or hypergradient becomes NaN or infinite
     * @throws IOException if a file of the run folder cannot be written
     */
    public RunReport run() throws IOException {
        return execute(false);
    }

    /**
     * Continues the run in the folder from its latest checkpoint; a finished run is only re-tested.
     *
     * @throws InvalidConfigException as {@link #validate()}, naming {@code resume} if the folder holds
     *     no checkpoint, or naming a setting that differs from the run's {@code config.json}
     * @throws TrainingDivergedException if a loss or hypergradient becomes NaN or infinite
     * @throws IOException if a file of the run folder cannot be read or written
     */
    public RunReport resume() throws IOException {
        return execute(true);
    }

    private RunReport execute(boolean resume) throws IOException {
        GroupPlan plan = validate();
        // a lock the caller holds stays the caller's to close (try-with-resources skips a null resource)
        try (FolderLock lock = heldLock != null ? null : FolderLock.acquire(runDir, "training " + config.method().spec())) {
            Optional<Path> existing = Checkpoints.latest(runDir);
            if (resume && existing.isEmpty()) {
                throw new InvalidConfigException("resume", "no checkpoint in " + runDir.resolve(Checkpoints.DIR)
                        + "; start the run without resuming");
            }
            if (!resume && existing.isPresent()) {
                if (!failedBeforeAnEpoch()) {
                    throw new InvalidConfigException("out", runDir + " already holds a run (" + existing.get().getFileName()
                            + "); resume it or choose another folder");
                }
                clearRun();
                existing = Optional.empty();
            }
            Checkpoints.Loaded checkpoint = null;
            if (resume) {
                requireSameSettings();
                checkpoint = Checkpoints.read(existing.get());
            }
            Differentiable m = model.open(backend, config.dtype(), device);
            try (MethodRun run = config.method().start(m, model.description().orElse(null), plan,
                    config.methodSettings())) {
                RunFiles.write(runDir.resolve(RunFiles.CONFIG), configJson(plan, m));
                Session session = new Session(m, run, plan);
                stop.running(runDir);
                if (resume) {
                    session.restore(checkpoint);
                } else {
                    session.begin();
                }
                return session.train();
            } finally {
                if (model.ownedByTrainer()) {
                    m.close();
                }
            }
        }
    }

    /** Whether the folder's run failed (a bad file, ...) before its first epoch ended: nothing to keep. */
    private boolean failedBeforeAnEpoch() throws IOException {
        Path metrics = runDir.resolve(RunFiles.METRICS);
        if (!Files.isRegularFile(metrics)) {
            return false;
        }
        JsonNode report = RunFiles.readTree(metrics);
        return RunReport.FAILED.equals(report.path("status").asText()) && report.path("epochsCompleted").asInt() == 0;
    }

    /** Removes a failed run's files so that the run starts afresh in its folder. */
    private void clearRun() throws IOException {
        for (String name : List.of(Checkpoints.DIR, Checkpoints.BEST, RunFiles.METRICS, RunFiles.CONFIG,
                LrTrajectoryCsv.FILE_NAME, LossesCsv.FILE_NAME, MetricsCsv.FILE_NAME, TensorBoardLog.DIR)) {
            Checkpoints.deleteTree(runDir.resolve(name));
        }
    }

    private RunConfig configJson(GroupPlan plan, Differentiable opened) {
        RunConfig.Model m = new RunConfig.Model(model.name(), plan.names(), plan.frozen(), plan.initialLrs(),
                data.classes().size(), model.depthReadings().stream().map(r -> r.name()).toList());
        return new RunConfig(RunFiles.toTree(config.settings()), m, RunFiles.toTree(data.describe()), backend.name(),
                backend.describe(), device.toString(), evaluationJson(opened), RunFiles.toTree(context));
    }

    /**
     * The {@code evaluation} entry of {@code config.json}: how figures are computed ({@link EvaluationSettings})
     * and how the model is evaluated (cadence; for volumes the tiles and batch, {@link VolumeInference}).
     * A resumption compares the first part only; the second follows from the training settings.
     */
    private JsonNode evaluationJson(Differentiable opened) {
        com.fasterxml.jackson.databind.node.ObjectNode e = (com.fasterxml.jackson.databind.node.ObjectNode)
                RunFiles.toTree(evaluation.settings());
        e.setAll((com.fasterxml.jackson.databind.node.ObjectNode) RunFiles.toTree(evaluationDescription(opened)));
        return e;
    }

    /** The resolved evaluation settings for {@code config.json}: cadence, and for volumes the tiles and batch. */
    private Map<String, Object> evaluationDescription(Differentiable opened) {
        if (data.validation() instanceof EvaluationSet.Volumes) {
            return volumeInference(opened).describe();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("evalEvery", config.evaluation().evalEvery());
        d.put("batch", config.evalBatchSize());
        return d;
    }

    private VolumeInference volumeInference(Differentiable opened) {
        return VolumeInference.of(((EvaluationSet.Volumes) data.validation()).window(), config, model.description(),
                opened.unfoldsConvolutions());
    }

    /** Settings that may change between a run and its resumption: they do not change any number. */
    private static final List<String> MAY_CHANGE = List.of("maxIters", "checkpointEvery");

    /**
     * The training settings, and the evaluation settings where the run's {@code config.json} records
     * them (a folder written before they were recorded resumes with the current ones), must be the run's.
     */
    private void requireSameSettings() throws IOException {
        Path file = runDir.resolve(RunFiles.CONFIG);
        RunConfig before;
        try {
            before = RunFiles.read(file, RunConfig.class);
        } catch (IOException e) {
            throw new InvalidConfigException("resume", "cannot read the run's settings: " + e.getMessage());
        }
        if (before.train() == null) {
            throw new InvalidConfigException("resume", file + ": no 'train' settings");
        }
        requireSame(RunFiles.toTree(config.settings()), before.train(), MAY_CHANGE);
        if (before.evaluation() != null) {
            requireSame(RunFiles.toTree(evaluation.settings()), before.evaluation(), List.of());
        }
        requireSameData(before.data() == null ? null : before.data().path(TrainingData.FINGERPRINT));
    }

    /** Numbers equal by value: a long written and read back is an int node, a float a double node. */
    private static final java.util.Comparator<JsonNode> SAME_NUMBER = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    private void requireSame(JsonNode now, JsonNode before, List<String> mayChange) {
        for (Iterator<String> it = now.fieldNames(); it.hasNext();) {
            String name = it.next();
            JsonNode was = before.get(name);
            if (!mayChange.contains(name) && (was == null || !now.get(name).equals(SAME_NUMBER, was))) {
                throw new InvalidConfigException(kebab(name), "was " + before.get(name) + " when the run in " + runDir
                        + " started, now " + now.get(name) + "; resume with the run's settings");
            }
        }
    }

    /** Refuses a dataset that changed since the run started, naming the first difference. */
    private void requireSameData(JsonNode recorded) {
        Object current = data.describe().get(TrainingData.FINGERPRINT);
        if (recorded == null || !recorded.isArray() || current == null) {
            return; // a run from before fingerprints, or data that records none
        }
        DataFingerprint before = new DataFingerprint(List.of(RunFiles.fromTree(recorded, DataFingerprint.Entry[].class)));
        DataFingerprint now = new DataFingerprint(List.of(RunFiles.fromTree(RunFiles.toTree(current),
                DataFingerprint.Entry[].class)));
        before.firstDifference(now).ifPresent(d -> {
            throw new InvalidConfigException("data", "the dataset changed since the run in " + runDir + " started: "
                    + d + "; resume on the data it started with, or start a new run");
        });
    }

    /**
     * Whether {@code candidate}'s model beats {@code best}'s (null: none yet): a higher validation
     * headline (accuracy, mean Dice), then a lower validation loss; a tie keeps the earlier epoch.
     */
    static boolean betterThan(EpochRecord candidate, EpochRecord best) {
        if (best == null) {
            return true;
        }
        double a = candidate.validation().headline();
        double b = best.validation().headline();
        return a > b || (a == b && candidate.validationLoss() < best.validationLoss());
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The mutable state of one run in progress. */
    private final class Session {
        private final Differentiable m;
        private final MethodRun run;
        private final GroupPlan plan;
        private final int classes = data.classes().size();
        private final List<EpochRecord> epochs = new ArrayList<>();
        private EpochRecord selected;
        private int epoch = 1;
        private int pass;
        private int batch;
        private boolean epochBegun;
        private int passesInEpoch;
        private double passLossSum;
        private long passLossCount;
        private MetaBatches meta;
        private double secondsBefore;
        private final long startNanos = System.nanoTime();
        private long lastCheckpoint = -1;
        private LrTrajectoryCsv trajectory;
        private LossesCsv losses;
        private MetricsCsv epochLog;
        private TensorBoardLog tensorBoardLog;
        private final VolumeInference inference;

        Session(Differentiable m, MethodRun run, GroupPlan plan) {
            this.m = m;
            this.run = run;
            this.plan = plan;
            this.inference = data.segmentation() ? volumeInference(m) : null;
        }

        /**
         * The figures on {@code set}: all of it; for volumes with {@code subset} below its size, also those
         * of its first {@code subset} volumes from the same predictions ({@code [subset, all]}).
         */
        private Evaluation[] evaluate(EvaluationSet set, String name, int count, int subset, boolean test)
                throws IOException {
            Bootstrap intervals = test ? evaluation.bootstrap() : null; // intervals of test figures only
            try {
                if (set instanceof EvaluationSet.Volumes v) {
                    return Evaluation.volumes(m, v, inference, count, subset, evaluation, intervals,
                            p -> listener.evaluating(name, p.volume(), p.volumes(), p.done(), p.total()));
                }
                Evaluation e = Evaluation.of(m, set, classes, evaluation, test);
                return new Evaluation[] {e, e};
            } catch (NonFiniteOutput e) {
                throw NonFiniteException.ofEvaluation(run.iteration(), name, e.value());
            }
        }

        void begin() throws IOException {
            Files.deleteIfExists(runDir.resolve(Checkpoints.BEST));
            meta = new MetaBatches(data.metaValidation(), 0);
            trajectory = LrTrajectoryCsv.create(runDir.resolve(LrTrajectoryCsv.FILE_NAME), plan.names(),
                    run.learningRates());
            losses = LossesCsv.create(runDir.resolve(LossesCsv.FILE_NAME));
            epochLog = MetricsCsv.create(runDir.resolve(MetricsCsv.FILE_NAME), plan.names());
            tensorBoardLog = tensorBoard ? TensorBoardLog.create(runDir, plan.names(), plan.frozen())
                    : TensorBoardLog.disabled(plan.names(), plan.frozen());
            checkpoint();
        }

        void restore(Checkpoints.Loaded checkpoint) throws IOException {
            CheckpointState s = checkpoint.state();
            m.loadState(checkpoint.model());
            run.restore(s.method(), checkpoint.method());
            Checkpoints.restoreBest(checkpoint, runDir);
            epoch = s.epoch();
            pass = s.pass();
            batch = s.batch();
            epochBegun = s.epochBegun();
            passesInEpoch = s.passesInEpoch();
            passLossSum = s.passLossSum();
            passLossCount = s.passLossCount();
            epochs.addAll(s.epochs());
            for (EpochRecord e : epochs) {
                if (s.selectedEpoch() != null && e.epoch() == s.selectedEpoch()) {
                    selected = e;
                }
            }
            secondsBefore = s.seconds();
            meta = new MetaBatches(data.metaValidation(), s.metaDrawn());
            try {
                trajectory = LrTrajectoryCsv.resume(runDir.resolve(LrTrajectoryCsv.FILE_NAME), plan.names(),
                        s.iteration());
                losses = LossesCsv.resume(runDir.resolve(LossesCsv.FILE_NAME), s.iteration());
                epochLog = MetricsCsv.resume(runDir.resolve(MetricsCsv.FILE_NAME), plan.names(), epochs.size());
            } catch (FileSystemException e) {
                throw e; // missing, unreadable: the file system's answer, named by the exception
            } catch (IOException e) {
                // a log that does not fit its checkpoint (edited, cut, another run's): the folder the user named
                throw new InvalidConfigException("resume", e.getMessage() + "; the run folder's logs do not fit its"
                        + " checkpoint");
            }
            losses.flush();
            tensorBoardLog = tensorBoard ? TensorBoardLog.resume(runDir, plan.names(), plan.frozen())
                    : TensorBoardLog.disabled(plan.names(), plan.frozen());
            lastCheckpoint = s.iteration();
            stop.checkpointed(lastCheckpoint);
        }

        RunReport train() throws IOException {
            try (LrTrajectoryCsv t = trajectory; LossesCsv l = losses; TensorBoardLog tb = tensorBoardLog;
                    MetaBatches mb = meta) {
                listener.started(run.iteration(), plannedIterations());
                boolean stopped;
                try {
                    stopped = loop();
                    if (!stopped) {
                        return finish();
                    }
                } catch (NonFiniteException e) {
                    end(RunReport.DIVERGED, e.getMessage());
                    throw new TrainingDivergedException(e, runDir, lastCheckpoint);
                } catch (RunInterruptedException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // a file that would not decode, a batch the model cannot take, ...: say so in metrics.json
                    try {
                        end(RunReport.FAILED, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                    } catch (IOException | RuntimeException also) {
                        e.addSuppressed(also);
                    }
                    throw e;
                }
                RunReport r = report(RunReport.STOPPED, null, null, null);
                RunFiles.write(runDir.resolve(RunFiles.METRICS), r);
                return r;
            }
        }

        /** Flushes the logs and writes {@code metrics.json} with {@code status}. */
        private void end(String status, String message) throws IOException {
            trajectory.sync();
            losses.flush();
            tensorBoardLog.flush();
            RunFiles.write(runDir.resolve(RunFiles.METRICS), report(status, message, null, null));
        }

        /** Stops here, with a checkpoint, if a stop was requested. */
        private void stopIfRequested() throws IOException {
            Optional<String> reason = stop.requested();
            if (reason.isPresent()) {
                if (lastCheckpoint != run.iteration()) {
                    checkpoint();
                }
                end(RunReport.INTERRUPTED, reason.get() + " after iteration " + run.iteration());
                throw new RunInterruptedException(reason.get(), runDir, run.iteration());
            }
        }

        private long plannedIterations() {
            long total = (long) config.epochs() * data.train().batchesPerEpoch();
            return config.maxIters() > 0 ? Math.min(total, config.maxIters()) : total;
        }

        /** @return true if the iteration limit stopped the run */
        private boolean loop() throws IOException {
            while (epoch <= config.epochs()) {
                if (!epochBegun) {
                    run.beginEpoch(epoch);
                    epochBegun = true;
                    passesInEpoch = 0;
                }
                try (BatchStream stream = data.train().epoch(pass)) {
                    for (int skip = 0; skip < batch; skip++) {
                        stream.next();
                    }
                    while (stream.hasNext()) {
                        stopIfRequested();
                        if (config.maxIters() > 0 && run.iteration() >= config.maxIters()) {
                            if (lastCheckpoint != run.iteration()) {
                                checkpoint();
                            }
                            return true;
                        }
                        iterate(stream.next());
                    }
                }
                endPass();
            }
            return false;
        }

        private void iterate(Batch train) throws IOException {
            IterationResult r = run.step(train, meta, epoch);
            batch++;
            passLossSum += r.trainLoss();
            passLossCount++;
            long iteration = run.iteration();
            double[] lrs = run.learningRates();
            trajectory.append(iteration, epoch, lrs);
            losses.append(iteration, epoch, r.trainLoss(), r.validationLoss());
            tensorBoardLog.iteration(iteration, r.trainLoss(), r.validationLoss(), lrs);
            listener.iteration(iteration, epoch, r, lrs);
            if (config.checkpointEvery() > 0 && iteration % config.checkpointEvery() == 0) {
                checkpoint();
            }
        }

        private void endPass() throws IOException {
            boolean accepted = run.endEpoch(epoch);
            double trainLoss = passLossCount == 0 ? Double.NaN : passLossSum / passLossCount;
            pass++;
            batch = 0;
            passesInEpoch++;
            passLossSum = 0;
            passLossCount = 0;
            if (accepted) {
                EvalSettings e = config.evaluation();
                if (e.evaluates(epoch, config.epochs())) {
                    EpochRecord record = validate(e, trainLoss);
                    epochs.add(record);
                    Map<String, Double> figures = record.validation().figures(data.classes());
                    epochLog.append(record, figures, run.learningRates());
                    tensorBoardLog.epoch(record.iteration(), trainLoss, record.validationLoss(), figures);
                    if (betterThan(record, selected)) {
                        selected = record;
                        SafetensorsWriter.write(runDir.resolve(Checkpoints.BEST), m.state(), Map.of(
                                "epoch", Integer.toString(epoch), "iteration", Long.toString(run.iteration())));
                    }
                    RunFiles.write(runDir.resolve(RunFiles.METRICS), report(RunReport.RUNNING, null, null, null));
                    listener.epoch(record);
                }
                epoch++;
                epochBegun = false;
                passesInEpoch = 0;
            }
            checkpoint();
        }

        /**
         * This epoch's validation record: the whole set, or with {@code --val-cases K} the first K volumes,
         * and after the last epoch the whole set too, from one prediction of each volume.
         */
        private EpochRecord validate(EvalSettings e, double trainLoss) throws IOException {
            EvaluationSet set = data.validation();
            int k = e.valCases() == 0 ? set.size() : e.valCases();
            boolean last = epoch == config.epochs();
            Evaluation[] v = evaluate(set, "validation", last ? set.size() : k, k, false);
            boolean both = last && k < set.size();
            return new EpochRecord(epoch, passesInEpoch, run.iteration(), trainLoss, v[0].loss(), v[0].metrics(),
                    both ? v[1].metrics() : null);
        }

        private RunReport finish() throws IOException {
            if (!data.hasTest()) {
                RunReport r = report(RunReport.FINISHED, null, null, null);
                RunFiles.write(runDir.resolve(RunFiles.METRICS), r);
                return r;
            }
            int tests = data.test().size();
            Evaluation last = evaluate(data.test(), "test", tests, tests, true)[1];
            EpochRecord final_ = epochs.get(epochs.size() - 1);
            Evaluation chosen = last;
            if (selected.epoch() != final_.epoch()) {
                m.loadState(SafetensorsReader.read(runDir.resolve(Checkpoints.BEST)).tensors());
                chosen = evaluate(data.test(), "test", tests, tests, true)[1];
            }
            RunReport r = report(RunReport.FINISHED, null, chosen, last);
            RunFiles.write(runDir.resolve(RunFiles.METRICS), r);
            return r;
        }

        private double seconds() {
            return secondsBefore + (System.nanoTime() - startNanos) / 1e9;
        }

        private void checkpoint() throws IOException {
            trajectory.sync();
            losses.flush();
            tensorBoardLog.flush();
            CheckpointState s = new CheckpointState(CheckpointState.FORMAT, run.iteration(), epoch, pass, batch,
                    epochBegun, passesInEpoch, passLossSum, passLossCount, meta.drawn(), run.state(), epochs,
                    selected == null ? null : selected.epoch(), seconds());
            Map<String, HostTensor> methodTensors = run.tensors();
            Checkpoints.write(runDir, s, m.state(), methodTensors);
            lastCheckpoint = run.iteration();
            stop.checkpointed(lastCheckpoint);
        }

        /** Epochs finished: every one before the current, or the one just validated before the count moves on. */
        private int epochsCompleted() {
            return epochs.isEmpty() ? epoch - 1 : Math.max(epoch - 1, epochs.get(epochs.size() - 1).epoch());
        }

        private RunReport report(String status, String message, Evaluation selectedTest, Evaluation lastTest) {
            Map<String, Double> lrs = new LinkedHashMap<>();
            double[] rates = run.learningRates();
            for (int j = 0; j < rates.length; j++) {
                lrs.put(plan.names().get(j), rates[j]);
            }
            return new RunReport(status, message, config.method().spec(), data.classes(), plan.names(), plan.frozen(),
                    run.iteration(), epochsCompleted(), selected == null ? null : selected.epoch(), epochs,
                    selectedTest == null ? null : selectedTest.metrics(), lastTest == null ? null : lastTest.metrics(),
                    data.hasTest() ? null : RunReport.NO_TEST_SET, lrs, run.state().own(), seconds());
        }
    }
}
