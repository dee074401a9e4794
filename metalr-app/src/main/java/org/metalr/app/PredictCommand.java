package org.metalr.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.metalr.api.UserInputException;
import org.metalr.api.Backend;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.data.image.ImagePipeline;
import org.metalr.models.Weights;
import org.metalr.api.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Inference with a checkpoint: the model in evaluation mode (BatchNorm's running statistics, no
 * dropout of any kind), each image through the deterministic pipeline (resize, normalise), one CSV row
 * per image with the logits in full precision.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classifies images with a checkpoint; one CSV row per image.",
                "Columns: path,predicted,logit_0,...,logit_{K-1} (predicted: the index of",
                "the largest logit; logits as Java prints doubles, which read back exactly).",
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

    @Mixin
    private InputOptions input;

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
        int size = input.size(saved);
        ImagePipeline pipeline = ImagePipeline.builder(channels, size, size)
                .normalize(input.normalize(saved, channels)).build().withoutAugmentation();
        Weights.Loaded state = Weights.load(weights.weights, network, weights.mapping(),
                model.family().initialState(network, 0));
        Backend backend = runtime.start();
        int k = model.classes;
        StringBuilder csv = new StringBuilder("path,predicted");
        for (int c = 0; c < k; c++) {
            csv.append(",logit_").append(c);
        }
        csv.append('\n');
        int plane = channels * size * size;
        try (Differentiable m = backend.create(network, state.state(), type)) {
            for (int from = 0; from < files.size(); from += batchSize) {
                int n = Math.min(batchSize, files.size() - from);
                float[] x = new float[n * plane];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(ImageInputs.load(files.get(from + i), pipeline), 0, x, i * plane, plane);
                }
                double[] logits = m.forward(HostTensor.of(x, n, channels, size, size), false).toDoubleArray();
                for (int i = 0; i < n; i++) {
                    int best = 0;
                    for (int c = 1; c < k; c++) {
                        if (logits[i * k + c] > logits[i * k + best]) {
                            best = c;
                        }
                    }
                    csv.append(csvField(files.get(from + i).toString())).append(',').append(best);
                    for (int c = 0; c < k; c++) {
                        csv.append(',').append(Double.toString(logits[i * k + c]));
                    }
                    csv.append('\n');
                }
            }
        }
        AtomicFiles.writeString(out, csv.toString());
        PrintWriter console = spec.commandLine().getOut();
        List<String> names = saved.classNames();
        console.printf("%d images, %s (%d classes%s), %dx%d input: %s%n", files.size(), network.name(), k,
                names.size() == k ? ": " + String.join(", ", names) : "", size, size, out);
        console.flush();
        return 0;
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
    static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
