package org.metalr.javacpp;

import java.util.Objects;
import org.bytedeco.pytorch.Tensor;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.Gradients;
import org.metalr.api.optim.ModelParameters;

/**
 * What the gradients and optimizers of a JavaCPP model need from it, whether it runs a network
 * description ({@link CppModel}) or a user's module ({@link CppModuleModel}): its parameter tensors,
 * element type, which gradients it accepts and whether it is open.
 */
interface CppParameters extends ModelParameters {

    /** The element type, readable after the model is closed too (gradients outlive their model). */
    DType dtypeUnchecked();

    /**
     * The model's own tensor of parameter {@code p}, which optimizers update in place.
     *
     * @throws IllegalStateException if the model is closed
     */
    Tensor parameter(int p);

    /**
     * Where the parameters live, and where optimizer state is made.
     *
     * @throws IllegalStateException if the model is closed
     */
    Device device();

    /**
     * {@code gradients} as gradients whose dot products with this model's may be taken.
     *
     * @throws IllegalArgumentException if they come from another backend or a model this one cannot pair them with
     */
    CppGradients requireCompatible(Gradients gradients);

    @Override
    default CppGradients own(Gradients gradients) {
        Objects.requireNonNull(gradients, "gradients");
        if (!(gradients instanceof CppGradients g) || g.owner() != this) {
            throw new IllegalArgumentException("gradients do not come from this model: " + gradients);
        }
        g.checkOpen();
        return g;
    }
}
