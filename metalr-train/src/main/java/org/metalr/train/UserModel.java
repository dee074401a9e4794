package org.metalr.train;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.metalr.api.Backend;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.DepthOrder;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.ParamGroup;
import org.metalr.api.TensorInfo;
import org.metalr.api.net.Network;
import org.metalr.models.ModelFamily;

/**
 * A model of the user's own, built with a binding's API and wrapped as a {@link Differentiable}: a DJL
 * {@code Block} ({@code DjlBlocks.differentiable(block, dtype, loss, groups)}) or a JavaCPP
 * {@code Module} ({@code CppModules.differentiable(module, forward, dtype, loss, groups)}). The trainer
 * fine-tunes it in place with any method, checkpoints it, resumes it exactly and writes the same run
 * folder as for a described network.
 *
 * <pre>{@code
 * try (Differentiable model = CppModules.differentiable(net, net::forward, DType.FLOAT64,
 *         CppModules.crossEntropy(), GroupRules.parse("stem: conv1 bn1; body: conv2 bn2; head: fc"))) {
 *     RunReport report = new Trainer(config, Backends.named("javacpp"), UserModel.classifier("my-net", model),
 *             data, out).run();
 * }
 * }</pre>
 *
 * <h2>What the trainer needs to know</h2>
 * Its name (for {@code config.json}), its task (a classifier's loss takes class labels and its output
 * is {@code [N, classes]} logits; a segmenter's takes masks and its output, probabilities, has the
 * mask's shape, as the evaluation on volumes expects), and, for {@code mina:}, its readings of depth
 * (by default one, {@code I1}, the order of its groups). Its groups are the model's
 * {@link Differentiable#defaultGroups()} and its element type the model's: the run's
 * {@code TrainConfig.dtype} must agree. The trainer learns the outputs from one evaluation-mode forward
 * pass of zeros before the run, which also checks the model takes the data's samples.
 *
 * <h2>Ownership and resumption</h2>
 * The user owns the model (and the block or module under it): the trainer never closes it. After the run
 * the model holds the tested model's weights (the selected epoch's). To resume, build the model again
 * as at the start (any weights: the checkpoint's are loaded over them) and call {@link Trainer#resume()}.
 *
 * @param name          the model's name, for {@code config.json} and messages
 * @param model         the user's model; not owned
 * @param segmentation  whether it segments (masks) rather than classifies (labels)
 * @param depthReadings readings of depth by name, for {@code mina:}
 */
public record UserModel(String name, Differentiable model, boolean segmentation, List<DepthOrder> depthReadings)
        implements RunModel {

    /** @throws IllegalArgumentException for a blank name */
    public UserModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        depthReadings = List.copyOf(depthReadings);
        if (name.isBlank()) {
            throw new IllegalArgumentException("a user model needs a name");
        }
    }

    /** A classifier: its loss takes class labels, its output is {@code [N, classes]} logits. */
    public static UserModel classifier(String name, Differentiable model) {
        return new UserModel(name, model, false, ModelFamily.sequentialReadings(model.defaultGroups()));
    }

    /** A segmenter: its loss takes masks, its output (probabilities) has the masks' shape. */
    public static UserModel segmenter(String name, Differentiable model) {
        return new UserModel(name, model, true, ModelFamily.sequentialReadings(model.defaultGroups()));
    }

    /** This model with other readings of depth (a U-Net's {@code I1} and {@code I2}). */
    public UserModel withDepthReadings(List<DepthOrder> readings) {
        return new UserModel(name, model, segmentation, readings);
    }

    @Override
    public List<ParamGroup> groups() {
        return model.defaultGroups();
    }

    @Override
    public List<TensorInfo> parameters() {
        return model.parameters();
    }

    @Override
    public String objective() {
        return segmentation ? "its own segmentation loss" : "its own classification loss";
    }

    /** Empty: a user's model has no description. */
    @Override
    public Optional<Network> description() {
        return Optional.empty();
    }

    @Override
    public Optional<DType> dtype() {
        return Optional.of(model.dtype());
    }

    /** The second extent of {@link #outputShape}. */
    @Override
    public int outputs(int[] sampleShape) {
        long[] shape = outputShape(sampleShape);
        if (shape.length < 2) {
            throw new IllegalArgumentException("the model '" + name + "' gives outputs of shape "
                    + java.util.Arrays.toString(shape) + " for one sample; expected [1, outputs, ...]");
        }
        return Math.toIntExact(shape[1]);
    }

    /**
     * One forward pass of a zero sample in evaluation mode: no autograd, buffers untouched.
     *
     * @throws IllegalArgumentException if the model fails on a sample of this shape
     */
    @Override
    public long[] outputShape(int[] sampleShape) {
        long[] shape = RunModel.batchOfOne(sampleShape);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        try {
            return model.forward(HostTensor.of(new float[Math.toIntExact(n)], shape), false).shape();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the model '" + name + "' fails on a sample of shape "
                    + java.util.Arrays.toString(sampleShape) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Device> device() {
        return Optional.of(model.device());
    }

    /** The user's model itself; {@code backend}, {@code dtype} and {@code device} are the run's, checked by the trainer. */
    @Override
    public Differentiable open(Backend backend, DType dtype, Device device) {
        return model;
    }

    @Override
    public boolean ownedByTrainer() {
        return false;
    }
}
