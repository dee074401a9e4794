package org.metalr.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metalr.api.Backend;
import org.metalr.api.net.Network;
import org.metalr.train.ModelSpec;
import org.metalr.train.TrainingData;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The options every fine-tuning command ({@code finetune}, {@code compare}, {@code grid}) takes, in
 * their help order: model, starting weights, data, training, runtime; and the steps those commands
 * share once the options are parsed. Holds no state beyond the parsed options.
 */
final class FineTuneOptions {

    @Mixin
    ModelOptions model;

    @Mixin
    WeightOptions weights;

    @Mixin
    DataOptions data;

    @Mixin
    TrainOptions train;

    @Mixin
    RuntimeOptions runtime;

    @Mixin
    EvaluationOptions evaluation;

    /** How the training images are loaded: {@code --no-shuffle} and {@code --loader-threads}. */
    TrainingData.Options loading() {
        return TrainingData.Options.defaults().withShuffle(!data.noShuffle).withThreads(runtime.loaderThreads);
    }

    /**
     * Opens the dataset (kept under {@code out/data} when generated) and checks it fits the model.
     *
     * @throws UserInputException naming the flag for data the model cannot read
     * @throws IOException when the dataset cannot be read
     */
    DataSource openData(Path out) throws IOException {
        DataSource source = DataSource.open(data, out.resolve("data"), model.classes);
        source.requireFits(model);
        return source;
    }

    /**
     * What {@code compare} and {@code grid} set up before choosing their methods.
     *
     * @param seeds   the parsed {@code --seeds}
     * @param source  the opened dataset
     * @param network the model for its classes
     * @param runs    the runs of a comparison of this source and model
     */
    record Comparison(List<Long> seeds, DataSource source, Network network, MethodComparison.RunSetup runs,
            Map<String, Object> flags) {}

    /**
     * The set-up {@code compare} and {@code grid} share, in order: parse {@code seeds}, start the
     * backend, refuse an {@code out} folder begun with other flags (beyond those that may change on a
     * resume), open the data and build the model. Writes nothing: the command claims the folder
     * ({@link MethodComparison#claim}) once its own checks have passed.
     *
     * @throws UserInputException naming the flag that is wrong or changed
     * @throws IOException when the dataset or the folder cannot be read
     */
    Comparison startComparison(CommandSpec spec, String command, String seeds, Path out, PrintWriter console)
            throws IOException {
        List<Long> seedList = MethodComparison.seeds(seeds);
        evaluation.settings(); // checked before any work
        Backend backend = runtime.start();
        Map<String, Object> flags = Flags.of(spec);
        MethodComparison.requireSameFlags(out, flags, CompareCommand.MAY_CHANGE);
        DataSource source = openData(out);
        int channels = DataSource.channels(model);
        Network network = network(source, channels);
        return new Comparison(seedList, source, network,
                runs(command, flags, source, channels, network, backend, console), flags);
    }

    /** The model for the dataset's classes, read from {@code --fold}'s split (fold 0 when not given). */
    Network network(DataSource source, int channels) {
        return model.network(source.run(data.fold == null ? 0 : data.fold, data, channels).classes().size());
    }

    /**
     * The runs of a method comparison: each method, seed and fold fine-tuned from the starting weights,
     * recorded as {@code command} with {@code flags}; the weights' origin is printed once.
     */
    private MethodComparison.RunSetup runs(String command, Map<String, Object> flags, DataSource source, int channels,
            Network network, Backend backend, PrintWriter console) {
        boolean[] reported = {false};
        return (method, seed, fold) -> {
            RunData runData = source.run(fold, data, channels);
            ModelSpec start = StartingWeights.of(model.family(), network, weights, seed, line -> {
                if (!reported[0]) {
                    console.println("weights: " + line);
                    reported[0] = true;
                }
            });
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("method", method);
            extra.put("seed", seed);
            if (source.crossValidated()) {
                extra.put("fold", fold);
            }
            return new FineTuning.Job(train.config(method, seed), runData, start, backend, runtime.device(), loading(),
                    FineTuning.context(command, flags, source.description(), runData, extra), evaluation.settings(),
                    !evaluation.noTensorBoard);
        };
    }
}
