package org.metalr.javacpp;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.Gradients;
import org.metalr.api.TensorInfo;

/**
 * What the gradients and optimizers of a JavaCPP model need from it, whether it runs a network
 * description ({@link CppModel}) or a user's module ({@link CppModuleModel}): its parameter tensors,
 * element type, which gradients it accepts and whether it is open.
 */
interface CppParameters {

    /** The parameter list, readable after the model is closed too (for messages). */
    List<TensorInfo> parameterInfos();

    /** The element type, readable after the model is closed too (gradients outlive their model). */
    DType dtypeUnchecked();

    /**
     * The model's own tensor of parameter {@code p}, which optimizers update in place.
     *
     * @throws IllegalStateException if the model is closed
     */
    Tensor parameterTensor(int p);

    /**
     * Where the parameters live, and where optimizer state is made.
     *
     * @throws IllegalStateException if the model is closed
     */
    Device device();

    /** @throws IllegalStateException if the model is closed */
    void ensureOpen();

    /**
     * {@code gradients} as gradients this model can step with or look ahead along.
     *
     * @throws IllegalArgumentException if they come from another backend or a model this one cannot use them with
     */
    CppGradients requireCompatible(Gradients gradients);
}
