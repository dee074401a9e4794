package org.metalr.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.metalr.api.UserInputException;
import org.metalr.api.Backend;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.io.AtomicFiles;
import org.metalr.api.net.Network;
import org.metalr.data.image.ImagePipeline;
import org.metalr.models.Weights;
import org.metalr.runs.metrics.ClassificationMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Inference with a checkpoint: the model in evaluation mode (BatchNorm's running statistics, no
 * dropout of any kind), each image through the deterministic pipeline (resize, or resize and centre
 * crop; normalise), one CSV row per image with the class and the softmax probabilities in full
 * precision, and the logits on request.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classifies images with a checkpoint; one CSV row per image.",
                "Columns: path,predicted,class,prob_<class>... (predicted: the index of the",
                "largest logit, class: its name; probabilities: the softmax of the logits),",
                "then with --logits logit_<class>...; numbers as Java prints doubles, which",
                "read back exactly. Class names come from the run's config.json, else 0..K-1.",
                "Settings not given come from the config.json beside the weights when they",
                "lie in a run folder, else from the weights' shapes and the defaults."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--images", paramLabel = "DIR|FILE", arity = "1..*", required = true,
            description = "image files, or folders searched for images (recursively, sorted by path)")
    private List<Path> images;

    @Option(names = "--out", paramLabel = "FILE.csv", required = true, description = "the CSV file to write")
    private Path out;

    @Option(names = "--logits", description = "also write each class's logit")
    private boolean logits;

    @Mixin
    private ImageOptions input;

    @Option(names = "--batch-size", paramLabel = "B", description = "images per forward pass (default: ${DEFAULT-VALUE})",
            defaultValue = "32")
    private int batchSize;

    @Option(names = "--dtype", description = "float32 or float64 (default: ${DEFAULT-VALUE})", defaultValue = "float32")
    private String dtype;

    @Mixin
    private ModelOptions model;

    @Mixin
    private WeightOptions weights;

    @Mixin
    private RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        if (!weights.given()) {
            throw new UserInputException("predict needs --weights FILE");
        }
        if (batchSize < 1) {
            throw new UserInputException("--batch-size must be >= 1, got " + batchSize);
        }
        DType type = TrainOptions.dtype(dtype);
        List<Path> files = ImageInputs.list(images);
        SavedModel saved = SavedModel.read(weights.weights, weights.stripPrefix);
        saved.complete(model, name -> spec.commandLine().getParseResult().hasMatchedOption(name));
        if (model.segmentation()) {
            throw new UserInputException("predict classifies images; --model unet3d segments volumes");
        }
        Network network = model.network(model.classes);
        int channels = model.imageChannels();
        ImagePipeline pipeline = input.pipeline(channels, saved.inputs(), false).pipeline();
        int size = pipeline.outputShape()[1];
        Weights.Loaded state = Weights.load(weights.weights, network, weights.mapping(),
                model.family().initialState(network, 0));
        Backend backend = runtime.start();
        int k = model.classes;
        List<String> names = saved.classNames().size() == k ? saved.classNames() : indices(k);
        StringBuilder csv = new StringBuilder("path,predicted,class");
        header(csv, "prob_", names);
        if (logits) {
            header(csv, "logit_", names);
        }
        csv.append('\n');
        int plane = channels * size * size;
        try (Differentiable m = backend.create(network, state.state(), type, runtime.device())) {
            for (int from = 0; from < files.size(); from += batchSize) {
                int n = Math.min(batchSize, files.size() - from);
                float[] x = new float[n * plane];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(ImageInputs.load(files.get(from + i), pipeline), 0, x, i * plane, plane);
                }
                double[] all = m.forward(HostTensor.of(x, n, channels, size, size), false).toDoubleArray();
                for (int i = 0; i < n; i++) {
                    double[] row = Arrays.copyOfRange(all, i * k, (i + 1) * k);
                    int best = ClassificationMetrics.argmax(row);
                    csv.append(csvField(files.get(from + i).toString())).append(',').append(best).append(',')
                            .append(csvField(names.get(best)));
                    values(csv, ClassificationMetrics.softmax(row));
                    if (logits) {
                        values(csv, row);
                    }
                    csv.append('\n');
                }
            }
        }
        AtomicFiles.writeString(out, csv.toString());
        PrintWriter console = spec.commandLine().getOut();
        console.printf("%d images, %s (%d classes: %s), %dx%d input: %s%n", files.size(), network.name(), k,
                String.join(", ", names), size, size, out);
        console.flush();
        return 0;
    }

    private static List<String> indices(int k) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            out.add(Integer.toString(c));
        }
        return out;
    }

    private static void header(StringBuilder csv, String prefix, List<String> names) {
        for (String name : names) {
            csv.append(',').append(csvField(prefix + name));
        }
    }

    private static void values(StringBuilder csv, double[] values) {
        for (double v : values) {
            csv.append(',').append(Double.toString(v));
        }
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
    static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
