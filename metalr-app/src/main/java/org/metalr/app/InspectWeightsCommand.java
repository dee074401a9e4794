package org.metalr.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.metalr.api.GroupLayout;
import org.metalr.api.HostTensor;
import org.metalr.api.TensorInfo;
import org.metalr.api.UserInputException;
import org.metalr.api.net.Network;
import org.metalr.models.ModelFamily;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Lists a checkpoint's tensors and how they map onto a model's parameter groups. The model's options the
 * command line leaves open come from the run folder's {@code config.json} beside the file (the model's
 * name), then from the tensors' shapes ({@link org.metalr.models.ModelFamily#inferOptions}: width, input
 * channels, classes), else the defaults.
 */
@Command(name = "inspect-weights", mixinStandardHelpOptions = true,
        description = {"Lists the tensors of a .pth or .safetensors file and how they map onto a model's groups.",
                "The width, input channels and classes not given are read from the tensors' shapes."})
final class InspectWeightsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--weights", paramLabel = "FILE", description = "a torch.save (.pth) or .safetensors file")
    private Path weights;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the same as --weights FILE")
    private Path positional;

    @Option(names = "--strip-prefix", description = "a prefix to remove from every key first (e.g. module.)")
    private String stripPrefix;

    @Mixin
    private ModelOptions modelOptions;

    @Override
    public Integer call() throws IOException {
        if ((weights == null) == (positional == null)) {
            throw new UserInputException(weights == null ? "give the checkpoint: --weights FILE"
                    : "give the checkpoint once: --weights FILE or FILE, not both");
        }
        Path file = weights != null ? weights : positional;
        SavedModel saved = SavedModel.read(file, stripPrefix);
        ModelFamily.Inferred inferred = saved.fill(modelOptions, spec.commandLine().getParseResult()::hasMatchedOption);
        Map<String, HostTensor> tensors = saved.tensors();
        Map<String, String> stored = org.metalr.models.checkpoint.Checkpoints.storedTypes(file); // half precision is read widened
        Network net = modelOptions.network(modelOptions.classes != null ? modelOptions.classes : 3);
        Map<String, TensorInfo> expected = new LinkedHashMap<>();
        net.parameters().forEach(t -> expected.put(t.name(), t));
        net.buffers().forEach(t -> expected.put(t.name(), t));
        GroupLayout layout = GroupLayout.resolve(net.groups(), net.parameters());
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (int p = 0; p < layout.parameters().size(); p++) {
            groupOf.put(layout.parameters().get(p).name(), layout.groups().get(layout.groupOf(p)).name());
        }

        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %d tensors; mapped onto %s (%d parameters, %d buffers)%n", file, tensors.size(), net.name(),
                net.parameters().size(), net.buffers().size());
        out.printf("from the shapes: %s%n", describe(inferred));
        out.printf("%-40s %-8s %-20s %s%n", "tensor", "type", "shape", "in the model");
        int matched = 0;
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            String key = stripPrefix != null && e.getKey().startsWith(stripPrefix)
                    ? e.getKey().substring(stripPrefix.length()) : e.getKey();
            TensorInfo want = expected.get(key);
            long[] shape = e.getValue().shape();
            String where;
            if (want == null) {
                where = "unexpected";
            } else if (!Arrays.equals(want.shape(), shape)) {
                where = "shape mismatch: the model has " + Arrays.toString(want.shape());
            } else {
                matched++;
                where = groupOf.containsKey(key) ? "group " + groupOf.get(key) : "buffer";
            }
            out.printf("%-40s %-8s %-20s %s%n", e.getKey(), stored.getOrDefault(e.getKey(), e.getValue().kind().name()),
                    Arrays.toString(shape), where);
        }
        List<String> missing = expected.keySet().stream()
                .filter(k -> !tensors.containsKey(k) && !tensors.containsKey(stripPrefix == null ? k : stripPrefix + k))
                .toList();
        out.printf("%d of %d model tensors found; missing: %s%n", matched, expected.size(),
                missing.isEmpty() ? "none" : String.join(", ", missing));
        out.flush();
        return 0;
    }

    /** {@code width 16, 3 input channels, 3 classes}; what the shapes did not tell is left out. */
    private static String describe(ModelFamily.Inferred inferred) {
        List<String> parts = new java.util.ArrayList<>();
        if (inferred.width() != null) {
            parts.add("width " + inferred.width());
        }
        if (inferred.inChannels() != null) {
            parts.add(inferred.inChannels() + " input channel" + (inferred.inChannels() == 1 ? "" : "s"));
        }
        if (inferred.classes() != null) {
            parts.add(inferred.classes() + " output" + (inferred.classes() == 1 ? "" : "s"));
        }
        return parts.isEmpty() ? "nothing (the model's defaults apply)" : String.join(", ", parts);
    }
}
