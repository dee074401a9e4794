package org.metalr.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metalr.api.Batch;
import org.metalr.api.HostTensor;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;

/**
 * One golden MetaLR trajectory computed by PyTorch ({@code src/test/python/make_golden.py}): the
 * network size, rule, optimizer, initial learning rates and state, each iteration's batches and
 * expected values, and the final state. Read from a classpath resource under {@code /golden/}.
 *
 * <p>Floats are written by the generator at full precision (shortest round-trip decimal), so parsing
 * them gives back the generator's doubles exactly.
 *
 * @param resource      the classpath resource the fixture came from
 * @param torchVersion  the PyTorch version that produced it
 * @param inChannels    input channels of the small CNN
 * @param width         channel width of its stem and first block
 * @param classes       number of classes
 * @param rule          the learning-rate rule
 * @param optimizer     the real optimizer
 * @param initialLrs    one initial learning rate per group
 * @param state         every parameter and buffer before the first iteration, by name
 * @param iterations    the iterations, in order
 * @param finalState    every parameter and buffer after the last iteration, by name
 */
public record GoldenFixture(String resource, String torchVersion, int inChannels, int width, int classes,
        LrRule rule, OptimizerConfig optimizer, double[] initialLrs, Map<String, HostTensor> state,
        List<Iteration> iterations, Map<String, HostTensor> finalState) {

    /**
     * One iteration's inputs and PyTorch's results.
     *
     * @param epoch         epoch, counted from 1
     * @param train         the training batch
     * @param validation    the meta-validation batch; null on an iteration between hypergradient steps
     * @param trainLoss     training loss at theta
     * @param validationLoss validation loss at the look-ahead; NaN on an iteration between hypergradient steps
     * @param hypergradient dL_val/d(lr_j) per group
     * @param learningRates per-group learning rates after the update
     */
    public record Iteration(int epoch, Batch train, Batch validation, double trainLoss, double validationLoss,
            double[] hypergradient, double[] learningRates) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the fixture at classpath resource {@code resource} (for example {@code /golden/paper_sgd.json}). */
    public static GoldenFixture load(String resource) {
        try (InputStream in = GoldenFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden fixture on the classpath at " + resource);
            }
            return parse(resource, JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden fixture " + resource, e);
        }
    }

    private static GoldenFixture parse(String resource, JsonNode root) {
        JsonNode net = required(root, "network");
        int height = required(net, "height").asInt();
        int widthPx = required(net, "width_px").asInt();
        int inChannels = required(net, "in_channels").asInt();
        List<Iteration> iterations = new ArrayList<>();
        for (JsonNode it : required(root, "iterations")) {
            iterations.add(new Iteration(
                    required(it, "epoch").asInt(),
                    batch(required(it, "train"), inChannels, height, widthPx),
                    required(it, "val").isNull() ? null : batch(required(it, "val"), inChannels, height, widthPx),
                    number(it, "train_loss"),
                    required(it, "val_loss").isNull() ? Double.NaN : number(it, "val_loss"),
                    doubles(required(it, "hypergradient")),
                    doubles(required(it, "lrs"))));
        }
        return new GoldenFixture(resource,
                required(root, "torch_version").asText(),
                inChannels,
                required(net, "width").asInt(),
                required(net, "classes").asInt(),
                rule(required(root, "rule")),
                optimizer(required(root, "optimizer")),
                doubles(required(root, "initial_lrs")),
                state(required(root, "state")),
                Collections.unmodifiableList(iterations),
                state(required(root, "final_state")));
    }

    /** The rule; the options beyond the paper's rules default to theirs when a fixture leaves them out. */
    private static LrRule rule(JsonNode r) {
        JsonNode ceiling = required(r, "ceiling");
        return new LrRule(
                required(r, "name").asText(),
                LrRule.LookAhead.valueOf(required(r, "look_ahead").asText()),
                LrRule.Update.valueOf(required(r, "update").asText()),
                number(r, "hyper_lr"),
                number(r, "floor"),
                ceiling.isNull() ? Double.POSITIVE_INFINITY : ceiling.asDouble(),
                required(r, "hold_last_epochs").asInt(),
                LrRule.Direction.valueOf(r.path("direction").asText("GRADIENT")),
                LrRule.Normalize.valueOf(r.path("normalize").asText("NONE")),
                r.path("floor_relative").asBoolean(false),
                r.path("ceiling_relative").asBoolean(false),
                r.path("meta_every").asInt(1));
    }

    private static OptimizerConfig optimizer(JsonNode o) {
        String type = required(o, "type").asText();
        switch (type) {
            case "adam":
                return new OptimizerConfig.Adam(number(o, "beta1"), number(o, "beta2"), number(o, "eps"),
                        number(o, "weight_decay"));
            case "sgd":
                return new OptimizerConfig.Sgd(number(o, "momentum"), number(o, "dampening"),
                        required(o, "nesterov").asBoolean(), number(o, "weight_decay"));
            default:
                throw new IllegalArgumentException("unknown optimizer type in golden fixture: " + type);
        }
    }

    private static Batch batch(JsonNode b, int channels, int height, int width) {
        JsonNode inputs = required(b, "inputs");
        long[] shape = longs(required(inputs, "shape"));
        long[] labels = longs(required(b, "labels"));
        if (shape.length != 4 || shape[1] != channels || shape[2] != height || shape[3] != width) {
            throw new IllegalArgumentException("batch of shape " + Arrays.toString(shape)
                    + " does not match the fixture's network");
        }
        return new Batch(HostTensor.of(doubles(required(inputs, "data")), shape), labels);
    }

    private static Map<String, HostTensor> state(JsonNode s) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : s.properties()) {
            JsonNode t = e.getValue();
            long[] shape = longs(required(t, "shape"));
            String dtype = required(t, "dtype").asText();
            JsonNode data = required(t, "data");
            switch (dtype) {
                case "float64":
                    out.put(e.getKey(), HostTensor.of(doubles(data), shape));
                    break;
                case "int64":
                    out.put(e.getKey(), HostTensor.ofLongs(longs(data), shape));
                    break;
                default:
                    throw new IllegalArgumentException("tensor " + e.getKey() + " has unsupported dtype " + dtype);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new IllegalArgumentException("golden fixture lacks field '" + field + "'");
        }
        return v;
    }

    private static double number(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("golden fixture field '" + field + "' is not a number: " + v);
        }
        return v.doubleValue();
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber()) {
                throw new IllegalArgumentException("not a number in golden fixture: " + v);
            }
            out[i] = v.doubleValue();
        }
        return out;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            if (!v.canConvertToLong() || !v.isIntegralNumber()) {
                throw new IllegalArgumentException("not an integer in golden fixture: " + v);
            }
            out[i] = v.longValue();
        }
        return out;
    }
}
