package org.metalr.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.metalr.api.UserInputException;
import org.metalr.api.net.Layer;
import org.metalr.api.net.Network;
import org.metalr.data.image.ImagePipeline;
import org.metalr.data.image.Normalize;
import org.metalr.api.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The first convolutional layer's feature maps for a few images, per checkpoint side by side (the
 * paper's Fig. 2: a model whose first layer was fine-tuned against one whose first layer was not).
 * The maps are {@code conv1}'s output after {@code bn1} (evaluation mode) and ReLU, computed in plain
 * Java from the checkpoints' tensors ({@link FirstLayer}); no backend is involved.
 */
@Command(name = "features", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draws the first layer's feature maps of a few images: OUT/features.png.",
                "The maps are conv1's output after bn1 (running statistics) and ReLU,",
                "computed in Java from the checkpoint's tensors; with --compare, a second",
                "checkpoint's maps are drawn beside the first's (the paper's Fig. 2).",
                "Settings not given come from the config.json beside the first checkpoint",
                "when it lies in a run folder."})
final class FeaturesCommand implements Callable<Integer> {

    /** The picture's file name. */
    static final String PICTURE = "features.png";

    @Spec
    private CommandSpec spec;

    @Option(names = "--weights", paramLabel = "A", required = true, description = "a checkpoint (.pth or .safetensors)")
    private Path weights;

    @Option(names = "--compare", paramLabel = "B", description = "a second checkpoint, drawn beside the first")
    private Path compare;

    @Option(names = "--images", paramLabel = "FILE|DIR", arity = "1..*", required = true,
            description = "a few images (folders are searched; the first --max-images are drawn)")
    private List<Path> images;

    @Option(names = "--out", paramLabel = "DIR", description = "where features.png goes (default: ${DEFAULT-VALUE})",
            defaultValue = "runs/features")
    private Path out;

    @Option(names = "--model", description = "resnet18 or small-cnn: the first layer's stride and padding"
            + " (default: the run's, else resnet18)")
    private String model;

    @Mixin
    private ImageOptions input;

    @Option(names = "--maps", paramLabel = "N", description = "feature maps drawn per image (default: ${DEFAULT-VALUE})",
            defaultValue = "16")
    private int maps;

    @Option(names = "--max-images", paramLabel = "N", description = "images drawn at most (default: ${DEFAULT-VALUE})",
            defaultValue = "4")
    private int maxImages;

    @Option(names = "--strip-prefix", paramLabel = "PREFIX", description = "remove PREFIX from the checkpoints' keys")
    private String stripPrefix;

    @Override
    public Integer call() throws Exception {
        if (maps < 1 || maxImages < 1) {
            throw new UserInputException("--maps and --max-images must be >= 1");
        }
        List<Path> files = ImageInputs.list(images);
        files = files.subList(0, Math.min(maxImages, files.size()));
        List<SavedModel> checkpoints = new ArrayList<>();
        checkpoints.add(SavedModel.read(weights, stripPrefix));
        if (compare != null) {
            checkpoints.add(SavedModel.read(compare, stripPrefix));
        }
        SavedModel first = checkpoints.get(0);
        first.require("conv1.weight");
        ModelOptions options = new ModelOptions();
        options.model = model != null ? model : "resnet18";
        options.inChannels = 3;
        options.classes = 1;
        first.complete(options, name -> name.equals("--model") && model != null);
        Network network = options.network(1);
        Layer.Conv conv = (Layer.Conv) leaf(network, "conv1");
        Layer.BatchNorm bn = (Layer.BatchNorm) leaf(network, "bn1");
        List<FirstLayer> layers = new ArrayList<>();
        for (SavedModel s : checkpoints) {
            layers.add(new FirstLayer(conv, bn, s));
        }
        int channels = layers.get(0).inputChannels();
        for (FirstLayer l : layers) {
            if (l.inputChannels() != channels || l.channels() != layers.get(0).channels()) {
                throw new UserInputException("--compare: the checkpoints' first layers differ in shape ("
                        + layers.get(0).channels() + " and " + l.channels() + " maps of " + channels + " and "
                        + l.inputChannels() + " input channels)");
            }
        }
        if (channels != 1 && channels != 3) {
            throw new UserInputException(weights + ": conv1 reads " + channels + " channels; images give 1 or 3");
        }
        ImagePipeline pipeline = input.pipeline(channels, first.inputs(), false).pipeline();
        int size = pipeline.outputShape()[1];
        Normalize normalize = pipeline.normalization().orElseThrow();

        List<float[]> inputs = new ArrayList<>();
        List<List<float[]>> outputs = new ArrayList<>();
        layers.forEach(l -> outputs.add(new ArrayList<>()));
        for (Path file : files) {
            float[] x = ImageInputs.load(file, pipeline);
            inputs.add(denormalize(x, normalize, channels, size));
            for (int k = 0; k < layers.size(); k++) {
                outputs.get(k).add(layers.get(k).apply(x, size, size));
            }
        }
        int mapSize = layers.get(0).outputSize(size);
        List<String> titles = new ArrayList<>();
        titles.add("A: " + shortName(weights));
        if (compare != null) {
            titles.add("B: " + shortName(compare));
        }
        byte[] png = FeatureGrid.png(titles, inputs, channels, size, outputs, layers.get(0).channels(), mapSize, maps);
        Files.createDirectories(out);
        Path picture = out.resolve(PICTURE);
        AtomicFiles.write(picture, png);

        PrintWriter console = spec.commandLine().getOut();
        console.printf(Locale.ROOT, "%d image(s), %d of %d first-layer maps (%dx%d) per checkpoint: %s%n", files.size(),
                Math.min(maps, layers.get(0).channels()), layers.get(0).channels(), mapSize, mapSize, picture);
        if (compare != null) {
            console.printf(Locale.ROOT, "mean absolute difference of the maps, B against A: %.4g (mean activation of A"
                    + " %.4g)%n", meanAbsDifference(outputs.get(0), outputs.get(1)), meanAbs(outputs.get(0)));
        }
        console.flush();
        return 0;
    }

    /** The file's last three path elements: enough to tell run folders apart. */
    private static String shortName(Path file) {
        int n = file.getNameCount();
        return file.subpath(Math.max(0, n - 3), n).toString();
    }

    private static Layer leaf(Network network, String name) {
        for (Layer l : network.leaves()) {
            if (l instanceof Layer.Conv c && c.name().equals(name) || l instanceof Layer.BatchNorm b && b.name().equals(name)) {
                return l;
            }
        }
        throw new UserInputException("--model " + network.name() + " has no layer '" + name + "'");
    }

    /** The pipeline's output mapped back to [0, 1] for display. */
    private static float[] denormalize(float[] x, Normalize n, int channels, int size) {
        float[] out = new float[x.length];
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            float m = n.mean()[n.mean().length == 1 ? 0 : c];
            float s = n.std()[n.std().length == 1 ? 0 : c];
            for (int p = 0; p < plane; p++) {
                out[c * plane + p] = x[c * plane + p] * s + m;
            }
        }
        return out;
    }

    private static double meanAbsDifference(List<float[]> a, List<float[]> b) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int p = 0; p < a.get(i).length; p++) {
                sum += Math.abs(a.get(i)[p] - b.get(i)[p]);
                n++;
            }
        }
        return sum / n;
    }

    private static double meanAbs(List<float[]> a) {
        double sum = 0;
        long n = 0;
        for (float[] m : a) {
            for (float v : m) {
                sum += Math.abs(v);
                n++;
            }
        }
        return sum / n;
    }
}
