package org.metalr.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's settings, written as its {@code config.json} by the trainer when the run starts (and
 * rewritten on every resumption), read back by the trainer to refuse a resumption with other settings,
 * by {@code predict} for the model and its preprocessing, and by the report. The free-form parts are
 * JSON trees that their writers document: the trainer's settings ({@code TrainConfig.settings()}), the
 * data's description, the evaluation's settings and the command's context. Keys this version does not
 * know are ignored on reading.
 *
 * @param train              every setting of the training: method, epochs, batch size, rates, optimizer,
 *                           rule, seed, element type, checkpointing
 * @param model              the model and its groups
 * @param data               the data: classes and set sizes, and what the dataset says of itself
 * @param backend            the backend's name
 * @param backendDescription the backend's description of itself (LibTorch version, threads)
 * @param device             where the model computed ({@code cpu}, {@code cuda:0}); null in folders written
 *                           before it was recorded
 * @param evaluation         how the figures are computed: the surface Dice's tolerance, the bootstrap's
 *                           resamples, level and seed; null in folders written before it was recorded
 * @param run                what the command adds: the command line and its flags, the data's path,
 *                           the preprocessing, the method, seed and fold of a comparison's run
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunConfig(JsonNode train, Model model, JsonNode data, String backend, String backendDescription,
        @JsonInclude(JsonInclude.Include.NON_NULL) String device,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode evaluation, JsonNode run) {

    /** The file's name in a run folder. */
    public static final String FILE_NAME = "config.json";

    /**
     * The model of a run.
     *
     * @param name          the model's name ({@code resnet18}, {@code unet3d}, a user's model's name)
     * @param groups        its parameter groups, in depth order
     * @param frozen        per group, whether the method freezes it
     * @param initialLrs    per group, the initial learning rate the method plans
     * @param outputs       the model's outputs (classes)
     * @param depthReadings the readings of depth its family offers ({@code I1}, {@code I2} for the U-Net)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Model(String name, List<String> groups, boolean[] frozen, double[] initialLrs, int outputs,
            List<String> depthReadings) {

        public Model {
            groups = groups == null ? List.of() : List.copyOf(groups);
            frozen = frozen == null ? new boolean[0] : frozen.clone();
            initialLrs = initialLrs == null ? new double[0] : initialLrs.clone();
            depthReadings = depthReadings == null ? List.of() : List.copyOf(depthReadings);
        }

        @Override
        public boolean[] frozen() {
            return frozen.clone();
        }

        @Override
        public double[] initialLrs() {
            return initialLrs.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Model m && java.util.Objects.equals(name, m.name) && groups.equals(m.groups)
                    && Arrays.equals(frozen, m.frozen) && Arrays.equals(initialLrs, m.initialLrs)
                    && outputs == m.outputs && depthReadings.equals(m.depthReadings);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(name, groups, Arrays.hashCode(frozen), Arrays.hashCode(initialLrs), outputs,
                    depthReadings);
        }
    }

    /**
     * Every setting flattened for a two-column table: nested keys joined with dots
     * ({@code train.optimizer.momentum}), arrays of numbers or strings as one compact value
     * ({@code [a, b]}), arrays of objects by index, strings unquoted. Key order is the file's.
     */
    public Map<String, String> flatten() {
        return flatten(RunFiles.toTree(this));
    }

    /** One flattened setting ({@code train.seed}, {@code run.fold}), if the file holds it. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(flatten().get(key));
    }

    /** {@code tree} flattened as {@link #flatten()} flattens a run's settings. */
    public static Map<String, String> flatten(JsonNode tree) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", tree, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n == null || n.isMissingNode()) {
            return;
        }
        if (n.isObject()) {
            if (n.isEmpty() && !prefix.isEmpty()) {
                out.put(prefix, "{}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray() && containsContainers(n)) {
            for (int i = 0; i < n.size(); i++) {
                flatten(prefix + "[" + i + "]", n.get(i), out);
            }
        } else {
            out.put(prefix, scalarText(n));
        }
    }

    private static boolean containsContainers(JsonNode array) {
        for (JsonNode e : array) {
            if (e.isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    /** Strings unquoted; arrays of scalars as {@code [a, b]}; everything else as JSON text. */
    private static String scalarText(JsonNode n) {
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(e -> parts.add(e.isTextual() ? e.textValue() : e.toString()));
            return "[" + String.join(", ", parts) + "]";
        }
        return n.toString();
    }
}
