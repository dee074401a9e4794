package org.metalr.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.metalr.api.Differentiable;
import org.metalr.api.GroupLayout;
import org.metalr.api.HostTensor;
import org.metalr.core.NonFiniteException;
import org.metalr.data.BatchStream;
import org.metalr.data.SegmentationSource;
import org.metalr.models.checkpoint.SafetensorsReader;
import org.metalr.models.checkpoint.SafetensorsWriter;
import org.metalr.train.io.LrTrajectoryCsv;
import org.metalr.train.io.RunFiles;
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
 * the test figures of the selected model and of the last epoch. The trainer knows no method: each
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
 * volume and over all voxels (mean Dice over the validation volumes selects the model). Both run
 * through the same loop, methods, checkpoints and resumption.
 *
 * <h2>The run folder</h2>
 * <ul>
 *   <li>{@code config.json}: {@code train}, every setting ({@link TrainConfig#settings()}); {@code model},
 *       {@code data}, {@code backend}; {@code run}, the caller's {@link #context} entries;</li>
 *   <li>{@code lr_trajectory.csv} ({@link LrTrajectoryCsv}): row 0 the initial rates, row {@code t} the
 *       rates after iteration {@code t}; {@code losses.csv}: the training loss and MetaLR's validation
 *       loss at the look-ahead per iteration;</li>
 *   <li>{@code metrics.json} ({@link RunReport}): written after every epoch and at the end;</li>
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
 * numbers as one never stopped (same backend, same machine): the logs and the final parameters are
 * identical. Only {@code maxIters} and {@code checkpointEvery} may differ when resuming.
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

    /** Entries for {@code config.json}'s {@code run} object (the command's flags, data paths, ...); returns this trainer. */
    public Trainer context(Map<String, Object> value) {
        this.context = Map.copyOf(value);
        return this;
    }

    /**
     * Checks the settings against the model and the data, without touching any file, and without native
     * work for a described network (a {@link UserModel} runs one evaluation-mode forward pass of zeros).
     *
     * @return the method's plan for the model's groups
     * @throws InvalidConfigException naming the setting: a model whose task does not fit the data
     *     (a classifier on masks, a segmentation network on class labels), a user's model in another
     *     element type than the run's, a method that does not fit the model (frozen range outside 1..d-1,
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
        requireSamples(data.test(), "test");
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
            throw new InvalidConfigException("crop-size", "'" + model.name() + "' cannot take crops of shape "
                    + Arrays.toString(source.sampleShape()) + ": " + e.getMessage());
        }
        if (!Arrays.equals(output, mask)) {
            throw new InvalidConfigException("crop-size", "'" + model.name() + "' maps crops of shape "
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
        Optional<Path> existing = Checkpoints.latest(runDir);
        if (resume && existing.isEmpty()) {
            throw new InvalidConfigException("resume", "no checkpoint in " + runDir.resolve(Checkpoints.DIR)
                    + "; start the run without resuming");
        }
        if (!resume && existing.isPresent()) {
            throw new InvalidConfigException("out", runDir + " already holds a run (" + existing.get().getFileName()
                    + "); resume it or choose another folder");
        }
        if (resume) {
            requireSameSettings();
        }
        Differentiable m = model.open(backend, config.dtype());
        try (MethodRun run = config.method().start(m, model.description().orElse(null), plan,
                config.methodSettings())) {
            Files.createDirectories(runDir);
            RunFiles.write(runDir.resolve(RunFiles.CONFIG), configJson(plan));
            Session session = new Session(m, run, plan);
            if (resume) {
                session.restore(Checkpoints.read(existing.get()));
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

    private Map<String, Object> configJson(GroupPlan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("train", config.settings());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", model.name());
        m.put("groups", plan.names());
        m.put("frozen", plan.frozen());
        m.put("initialLrs", plan.initialLrs());
        m.put("outputs", data.classes().size());
        m.put("depthReadings", model.depthReadings().stream().map(r -> r.name()).toList());
        out.put("model", m);
        out.put("data", data.describe());
        out.put("backend", backend.name());
        out.put("backendDescription", backend.describe());
        out.put("evaluation", evaluationDescription());
        out.put("run", context);
        return out;
    }

    /** The resolved evaluation settings for {@code config.json}: cadence, and for volumes the tiles and batch. */
    private Map<String, Object> evaluationDescription() {
        if (data.validation() instanceof EvaluationSet.Volumes) {
            return volumeInference().describe();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("evalEvery", config.evaluation().evalEvery());
        d.put("batch", config.evalBatchSize());
        return d;
    }

    private VolumeInference volumeInference() {
        return VolumeInference.of(((EvaluationSet.Volumes) data.validation()).window(), config, model.description());
    }

    /** Settings that may change between a run and its resumption: they do not change any number. */
    private static final List<String> MAY_CHANGE = List.of("maxIters", "checkpointEvery");

    private void requireSameSettings() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode now = mapper.readTree(RunFiles.toJson(config.settings()));
        JsonNode before = RunFiles.readTree(runDir.resolve(RunFiles.CONFIG)).get("train");
        // a setting added after the run started (evalEvery, ...) held its default then
        JsonNode defaults = mapper.readTree(RunFiles.toJson(config.toBuilder().evaluation(EvalSettings.defaults())
                .build().settings()));
        if (before == null) {
            throw new IOException(runDir.resolve(RunFiles.CONFIG) + ": no 'train' settings");
        }
        for (Iterator<String> it = now.fieldNames(); it.hasNext();) {
            String name = it.next();
            JsonNode was = before.has(name) ? before.get(name) : defaults.get(name);
            if (!MAY_CHANGE.contains(name) && !now.get(name).equals(was)) {
                throw new InvalidConfigException(kebab(name), "was " + before.get(name) + " when the run in " + runDir
                        + " started, now " + now.get(name) + "; resume with the run's settings");
            }
        }
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
        private LossLog losses;
        private final VolumeInference inference;

        Session(Differentiable m, MethodRun run, GroupPlan plan) {
            this.m = m;
            this.run = run;
            this.plan = plan;
            this.inference = data.segmentation() ? volumeInference() : null;
        }

        /**
         * The figures on {@code set}: all of it; for volumes with {@code subset} below its size, also those
         * of its first {@code subset} volumes from the same predictions ({@code [subset, all]}).
         */
        private Evaluation[] evaluate(EvaluationSet set, String name, int count, int subset) throws IOException {
            if (set instanceof EvaluationSet.Volumes v) {
                return Evaluation.volumes(m, v, inference, count, subset,
                        p -> listener.evaluating(name, p.volume(), p.volumes(), p.done(), p.total()));
            }
            Evaluation e = Evaluation.of(m, set, classes);
            return new Evaluation[] {e, e};
        }

        void begin() throws IOException {
            Files.deleteIfExists(runDir.resolve(Checkpoints.BEST));
            meta = new MetaBatches(data.metaValidation(), 0);
            trajectory = LrTrajectoryCsv.create(runDir.resolve(LrTrajectoryCsv.FILE_NAME), plan.names(),
                    run.learningRates());
            losses = LossLog.create(runDir.resolve(LossLog.FILE_NAME));
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
            trajectory = LrTrajectoryCsv.resume(runDir.resolve(LrTrajectoryCsv.FILE_NAME), plan.names(), s.iteration());
            losses = LossLog.resume(runDir.resolve(LossLog.FILE_NAME), s.iteration());
            lastCheckpoint = s.iteration();
        }

        RunReport train() throws IOException {
            try (LrTrajectoryCsv t = trajectory; LossLog l = losses; MetaBatches mb = meta) {
                listener.started(run.iteration(), plannedIterations());
                boolean stopped = false;
                try {
                    stopped = loop();
                } catch (NonFiniteException e) {
                    trajectory.sync();
                    losses.flush();
                    RunFiles.write(runDir.resolve(RunFiles.METRICS),
                            report(RunReport.DIVERGED, e.getMessage(), null, null));
                    throw new TrainingDivergedException(e, runDir, lastCheckpoint);
                }
                if (stopped) {
                    RunReport r = report(RunReport.STOPPED, null, null, null);
                    RunFiles.write(runDir.resolve(RunFiles.METRICS), r);
                    return r;
                }
                return finish();
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
                    if (record.betterThan(selected)) {
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
            Evaluation[] v = evaluate(set, "validation", last ? set.size() : k, k);
            boolean both = last && k < set.size();
            return new EpochRecord(epoch, passesInEpoch, run.iteration(), trainLoss, v[0].loss(), v[0].metrics(),
                    both ? v[1].metrics() : null);
        }

        private RunReport finish() throws IOException {
            int tests = data.test().size();
            Evaluation last = evaluate(data.test(), "test", tests, tests)[1];
            EpochRecord final_ = epochs.get(epochs.size() - 1);
            Evaluation chosen = last;
            if (selected.epoch() != final_.epoch()) {
                m.loadState(SafetensorsReader.read(runDir.resolve(Checkpoints.BEST)).tensors());
                chosen = evaluate(data.test(), "test", tests, tests)[1];
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
            CheckpointState s = new CheckpointState(CheckpointState.FORMAT, run.iteration(), epoch, pass, batch,
                    epochBegun, passesInEpoch, passLossSum, passLossCount, meta.drawn(), run.state(), epochs,
                    selected == null ? null : selected.epoch(), seconds());
            Map<String, HostTensor> methodTensors = run.tensors();
            Checkpoints.write(runDir, s, m.state(), methodTensors);
            lastCheckpoint = run.iteration();
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
                    lrs, run.state().own(), seconds());
        }
    }
}
