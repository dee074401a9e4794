package org.metalr.app;

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
import org.metalr.api.net.Network;
import org.metalr.models.checkpoint.CheckpointException;
import org.metalr.models.checkpoint.Checkpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists a checkpoint's tensors and how they map onto a model's parameter groups. */
@Command(name = "inspect-weights", mixinStandardHelpOptions = true,
        description = "Lists the tensors of a .pth or .safetensors file and how they map onto a model's groups.")
final class InspectWeightsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a torch.save (.pth) or .safetensors file")
    private Path file;

    @Option(names = "--strip-prefix", description = "a prefix to remove from every key first (e.g. module.)")
    private String stripPrefix;

    @Mixin
    private ModelOptions modelOptions;

    @Override
    public Integer call() throws CheckpointException {
        Map<String, HostTensor> tensors = Checkpoints.readStateDict(file);
        Map<String, String> stored = Checkpoints.storedTypes(file); // half precision is read widened
        Network net = modelOptions.network(HeadClasses.of(tensors, stripPrefix).orElse(3));
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
}
