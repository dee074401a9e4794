package org.metalr.api.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.api.OptimizerConfig;
import org.metalr.api.ParameterUpdater;
import org.metalr.api.PassChecks;
import org.metalr.api.TensorInfo;

/**
 * A {@link ParameterUpdater} for {@code torch.optim}'s SGD and Adam whose bookkeeping is the same on
 * every backend: the argument and open checks (through the model's {@link ModelParameters}), the per-parameter state (a momentum buffer; two
 * moments and a step count) created on a parameter's first update and kept across learning-rate
 * changes, Adam's bias corrections, the skip of parameters without a gradient, and the state's export
 * and import under {@link OptimizerStates}' names. A backend extends it with its tensor primitives (the
 * {@code protected} methods below) and hands out its arithmetic, {@link OptimizerKernels}, from
 * {@link #forEachGradient}.
 *
 * <p>The hooks are called only from the public methods, on the caller's thread, after the open
 * checks: {@link #forEachGradient} from {@link #step}; {@link #zerosLike} and {@link #keep} from inside
 * a {@link ParameterStep}; {@link #download} and {@link #upload} inside {@link #transfer}; and
 * {@link #release} wherever state is dropped ({@link #loadState}, {@link #close}). State tensors belong
 * to the updater from {@link #zerosLike}, {@link #keep} or {@link #upload} until {@link #release}.
 *
 * @param <T> the backend's tensor type
 */
public abstract class TensorUpdater<T> implements ParameterUpdater {

    /** One parameter's part of a step, called by {@link #forEachGradient}. */
    @FunctionalInterface
    protected interface ParameterStep<T> {
        /**
         * @param p         the parameter's index
         * @param parameter the model's tensor of parameter {@code p} (or a handle on its storage), updated in place
         * @param gradient  its gradient
         * @param kernels   the backend's arithmetic, valid for this call
         */
        void update(int p, T parameter, T gradient, OptimizerKernels<T> kernels);
    }

    private final OptimizerConfig config;
    private final ModelParameters model;
    private final List<TensorInfo> parameters;
    private final List<String> slots;
    /** Per parameter, its state tensors in {@link #slots} order (the step count aside), or null while it has none. */
    private final Object[][] tensors;
    private final long[] steps;
    private boolean closed;

    /**
     * @param config SGD or Adam
     * @param model  the model whose parameters the updater moves
     */
    protected TensorUpdater(OptimizerConfig config, ModelParameters model) {
        this.config = Objects.requireNonNull(config, "config");
        this.model = Objects.requireNonNull(model, "model");
        this.parameters = List.copyOf(model.parameterInfo());
        this.slots = OptimizerStates.slots(config);
        this.tensors = new Object[this.parameters.size()][];
        this.steps = new long[this.parameters.size()];
    }

    @Override
    public final OptimizerConfig config() {
        return config;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code gradients} are not this model's, or the learning-rate
     *     array has the wrong length
     * @throws IllegalStateException if the updater, its model or the gradients are closed
     */
    @Override
    public final void step(Gradients gradients, double[] learningRate) {
        checkOpen();
        model.own(gradients);
        Objects.requireNonNull(learningRate, "learningRate");
        PassChecks.perParameter(parameters.size(), learningRate.length, "learning rates");
        forEachGradient(gradients, (p, parameter, gradient, kernels) ->
                update(p, parameter, gradient, learningRate[p], kernels));
    }

    private void update(int p, T parameter, T gradient, double lr, OptimizerKernels<T> kernels) {
        if (config instanceof OptimizerConfig.Adam adam) {
            if (tensors[p] == null) {
                tensors[p] = new Object[] {zerosLike(parameter), zerosLike(parameter)};
            }
            long step = ++steps[p];
            double bias1 = 1 - Math.pow(adam.beta1(), step);
            double bias2 = 1 - Math.pow(adam.beta2(), step);
            kernels.adam(adam, parameter, gradient, tensor(p, 0), tensor(p, 1), lr / bias1, Math.sqrt(bias2));
        } else {
            OptimizerConfig.Sgd sgd = (OptimizerConfig.Sgd) config;
            T started = kernels.sgd(sgd, parameter, gradient, lr, tensors[p] == null ? null : tensor(p, 0));
            if (started != null && sgd.momentum() != 0) {
                tensors[p] = new Object[] {keep(started)};
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The directions are made in {@link #forEachGradient} by the kernels' {@code sgdDirection} and
     * {@code adamDirection} and collected by the backend's {@link #newDirections}.
     */
    @Override
    public final Gradients direction(Gradients gradients) {
        checkOpen();
        model.own(gradients);
        Directions<T> out = newDirections(gradients);
        try {
            forEachGradient(gradients, (p, parameter, gradient, kernels) ->
                    out.put(p, direction(p, parameter, gradient, kernels)));
            return out.finish();
        } catch (RuntimeException | Error e) {
            out.abandon();
            throw e;
        }
    }

    private T direction(int p, T parameter, T gradient, OptimizerKernels<T> kernels) {
        if (config instanceof OptimizerConfig.Adam adam) {
            long step = steps[p] + 1;
            double bias1 = 1 - Math.pow(adam.beta1(), step);
            double bias2 = 1 - Math.pow(adam.beta2(), step);
            boolean started = tensors[p] != null;
            return kernels.adamDirection(adam, parameter, gradient, started ? tensor(p, 0) : null,
                    started ? tensor(p, 1) : null, bias1, Math.sqrt(bias2));
        }
        return kernels.sgdDirection((OptimizerConfig.Sgd) config, parameter, gradient,
                tensors[p] == null ? null : tensor(p, 0));
    }

    @Override
    public final Map<String, HostTensor> state() {
        checkOpen();
        return transfer(() -> {
            Map<String, HostTensor> out = new LinkedHashMap<>();
            for (int p = 0; p < parameters.size(); p++) {
                if (tensors[p] == null) {
                    continue;
                }
                int next = 0;
                for (String slot : slots) {
                    out.put(parameters.get(p).name() + "." + slot, slot.equals(OptimizerStates.STEP)
                            ? HostTensor.ofLongs(new long[] {steps[p]})
                            : download(tensor(p, next++)));
                }
            }
            return out;
        });
    }

    @Override
    public final void loadState(Map<String, HostTensor> state) {
        checkOpen();
        HostTensor[][] values = OptimizerStates.unpack(config, parameters, state);
        transfer(() -> {
            clear();
            for (int p = 0; p < values.length; p++) {
                if (values[p] != null) {
                    restore(p, values[p]);
                }
            }
            return null;
        });
    }

    private void restore(int p, HostTensor[] values) {
        Object[] kept = new Object[slots.contains(OptimizerStates.STEP) ? slots.size() - 1 : slots.size()];
        int next = 0;
        for (int s = 0; s < slots.size(); s++) {
            if (slots.get(s).equals(OptimizerStates.STEP)) {
                steps[p] = values[s].toLongArray()[0];
            } else {
                kept[next++] = upload(values[s]);
            }
        }
        tensors[p] = kept;
    }

    /** Releases every state tensor and forgets the step counts: the state of a fresh updater. */
    private void clear() {
        for (int p = 0; p < tensors.length; p++) {
            if (tensors[p] != null) {
                for (int i = 0; i < tensors[p].length; i++) {
                    release(tensor(p, i));
                }
                tensors[p] = null;
            }
            steps[p] = 0;
        }
    }

    @SuppressWarnings("unchecked") // every entry is a T: zerosLike, keep and upload make them
    private T tensor(int p, int i) {
        return (T) tensors[p][i];
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("updater is closed");
        }
        model.checkOpen();
    }

    /** Releases the optimizer state. Idempotent. */
    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            clear();
            closeStorage();
        }
    }

    /**
     * Calls {@code step} once for every parameter that has a gradient in {@code gradients} (the model's
     * own, checked by {@link ModelParameters#own}), in parameter order, inside the backend's native scope for the step and without
     * autograd; temporaries of the step are freed when it returns.
     */
    protected abstract void forEachGradient(Gradients gradients, ParameterStep<T> step);

    /**
     * Where {@link #direction} collects its tensors: one per parameter with a gradient, handed over by
     * {@link #put} as temporaries of the step, then {@link #finish}ed into the caller's
     * {@link Gradients}, or {@link #abandon}ed (freed) when the pass fails.
     */
    protected interface Directions<T> {
        /** Takes temporary {@code direction} of parameter {@code p} out of the step's scope, into the result. */
        void put(int p, T direction);

        /** The collected directions as the model's own gradients, with the source gradients' loss; owned by the caller. */
        Gradients finish();

        /** Frees whatever was collected. */
        void abandon();
    }

    /** A new, empty collection of directions shaped like {@code like} (the model's own gradients). */
    protected abstract Directions<T> newDirections(Gradients like);

    /** Moves a temporary of the current step into the updater's state. */
    protected abstract T keep(T temporary);

    /** A new zero tensor like {@code parameter} (shape, element type, device), in the updater's state. */
    protected abstract T zerosLike(T parameter);

    /** Frees a tensor of the updater's state. */
    protected abstract void release(T kept);

    /** A host copy of a state tensor, in the model's element type. */
    protected abstract HostTensor download(T kept);

    /**
     * A new tensor of the updater's state holding {@code host} (checked by {@link OptimizerStates#unpack}),
     * converted to the model's element type, on its device.
     */
    protected abstract T upload(HostTensor host);

    /** Runs {@code work}, which moves state between the host and the backend, in the native scope that needs. */
    protected <R> R transfer(Supplier<R> work) {
        return work.get();
    }

    /** Frees what the backend holds for the updater besides the state tensors, which are released already. */
    protected void closeStorage() {}
}
