package org.metalr.api.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.TensorInfo;

/**
 * The names and checks of a {@link ParameterUpdater}'s saved state, shared by every backend so that a
 * checkpoint written with one reads back with any other. Each entry is named
 * {@code <parameter>.<slot>}, with {@code torch.optim}'s slot names:
 * <ul>
 *   <li>{@link OptimizerConfig.Adam}: {@code exp_avg} and {@code exp_avg_sq} (the parameter's shape,
 *       float) and {@code step} (an int64 scalar, at least 1);</li>
 *   <li>{@link OptimizerConfig.Sgd} with momentum: {@code momentum_buffer} (the parameter's shape,
 *       float); plain SGD keeps no state.</li>
 * </ul>
 * A parameter the updater has never moved (a frozen one, or before the first step) has no entries.
 */
public final class OptimizerStates {

    /** Adam's first moment. */
    public static final String EXP_AVG = "exp_avg";
    /** Adam's second moment. */
    public static final String EXP_AVG_SQ = "exp_avg_sq";
    /** Adam's per-parameter step count. */
    public static final String STEP = "step";
    /** SGD's momentum buffer. */
    public static final String MOMENTUM_BUFFER = "momentum_buffer";

    private OptimizerStates() {}

    /** The slots an updater of {@code config} keeps per parameter, in a fixed order. */
    public static List<String> slots(OptimizerConfig config) {
        Objects.requireNonNull(config, "config");
        if (config instanceof OptimizerConfig.Adam) {
            return List.of(EXP_AVG, EXP_AVG_SQ, STEP);
        }
        return ((OptimizerConfig.Sgd) config).momentum() != 0 ? List.of(MOMENTUM_BUFFER) : List.of();
    }

    /**
     * Checks {@code state} against an updater of {@code config} over {@code parameters} and sorts it
     * by parameter and slot.
     *
     * @return {@code [parameter][slot]}, slots in {@link #slots} order; a row is {@code null} where the
     *     parameter has no state
     * @throws IllegalArgumentException naming the key for an entry of an unknown parameter or slot, a
     *     wrong shape or element type, a step count below 1, or a parameter with only part of its slots
     */
    public static HostTensor[][] unpack(OptimizerConfig config, List<TensorInfo> parameters,
            Map<String, HostTensor> state) {
        Objects.requireNonNull(state, "state");
        List<String> slots = slots(config);
        Map<String, Integer> index = new HashMap<>();
        for (int p = 0; p < parameters.size(); p++) {
            index.put(parameters.get(p).name(), p);
        }
        HostTensor[][] out = new HostTensor[parameters.size()][];
        for (Map.Entry<String, HostTensor> e : state.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "state key");
            HostTensor value = Objects.requireNonNull(e.getValue(), key);
            int dot = key.lastIndexOf('.');
            String slot = dot < 0 ? "" : key.substring(dot + 1);
            Integer p = dot < 0 ? null : index.get(key.substring(0, dot));
            int s = slots.indexOf(slot);
            if (p == null || s < 0) {
                throw new IllegalArgumentException("optimizer state has unknown entry '" + key + "'; expected <parameter>."
                        + (slots.isEmpty() ? "(nothing: " + config + " keeps no state)" : String.join("|", slots)));
            }
            check(key, slot, value, parameters.get(p));
            if (out[p] == null) {
                out[p] = new HostTensor[slots.size()];
            }
            out[p][s] = value;
        }
        for (int p = 0; p < out.length; p++) {
            if (out[p] == null) {
                continue;
            }
            for (int s = 0; s < slots.size(); s++) {
                if (out[p][s] == null) {
                    throw new IllegalArgumentException("optimizer state of '" + parameters.get(p).name() + "' lacks '"
                            + parameters.get(p).name() + "." + slots.get(s) + "'");
                }
            }
        }
        return out;
    }

    private static void check(String key, String slot, HostTensor value, TensorInfo parameter) {
        if (slot.equals(STEP)) {
            if (value.kind() != HostTensor.Kind.INT64 || value.shape().length != 0) {
                throw new IllegalArgumentException("optimizer state '" + key + "' must be an int64 scalar, got " + value);
            }
            if (value.toLongArray()[0] < 1) {
                throw new IllegalArgumentException(
                        "optimizer state '" + key + "' holds step " + value.toLongArray()[0] + ", expected at least 1");
            }
            return;
        }
        if (value.kind() == HostTensor.Kind.INT64) {
            throw new IllegalArgumentException("optimizer state '" + key + "' is INT64, expected float values");
        }
        if (!Arrays.equals(value.shape(), parameter.shape())) {
            throw new IllegalArgumentException("optimizer state '" + key + "' has shape " + Arrays.toString(value.shape())
                    + ", expected " + Arrays.toString(parameter.shape()) + " like its parameter");
        }
    }

    /** Names of the entries of parameter {@code parameter}, in {@link #slots} order. */
    public static List<String> keys(OptimizerConfig config, String parameter) {
        List<String> out = new ArrayList<>();
        for (String slot : slots(config)) {
            out.add(parameter + "." + slot);
        }
        return out;
    }
}
