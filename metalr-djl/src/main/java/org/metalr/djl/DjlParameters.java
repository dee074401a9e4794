package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.BiFunction;
import org.metalr.api.DType;
import org.metalr.api.Gradients;
import org.metalr.api.optim.ModelParameters;

/**
 * What the gradients and optimizers of a DJL model need from it, whether it runs a network
 * description ({@link DjlModel}) or a user's block ({@link DjlBlockModel}): its parameter tensors, a
 * manager for long-lived state on the model's device, its element type and whether it is open.
 */
interface DjlParameters extends ModelParameters {

    /**
     * The model's own tensor of parameter {@code p}, which optimizers update in place.
     *
     * @throws IllegalStateException if the model is closed
     */
    NDArray parameter(int p);

    /**
     * A manager on the model's device for state that outlives a pass (gradients, optimizer moments),
     * freed with the model.
     *
     * @throws IllegalStateException if the model is closed
     */
    NDManager newSubManager();

    /** @throws IllegalStateException if the model is closed */
    DType dtype();

    /** Fresh handles in {@code pass} on every parameter, outside autograd: the leaves of one pass. */
    default NDArray[] views(NDManager pass) {
        NDArray[] out = new NDArray[parameterInfo().size()];
        for (int p = 0; p < out.length; p++) {
            out[p] = DjlArrays.view(parameter(p), pass);
        }
        return out;
    }

    /**
     * The look-ahead's leaves: {@code theta + c d} as a new tensor of {@code pass} where the
     * coefficient is not 0 and {@code direction} has a tensor, else a view of theta. Theta stays as it is.
     */
    default NDArray[] displaced(DjlGradients direction, double[] coefficient, NDManager pass, DjlScalars scalars) {
        NDArray[] out = views(pass);
        for (int p = 0; p < out.length; p++) {
            NDArray d = direction.tensor(p);
            if (coefficient[p] != 0.0 && d != null) {
                // c d + theta, summed into the fresh product: one temporary per parameter, and the
                // same value as theta + c d (floating-point addition commutes).
                out[p] = DjlArrays.view(d, pass).mul(scalars.of(coefficient[p])).addi(out[p]);
            }
        }
        return out;
    }

    /**
     * Runs one gradient pass: {@code work} gets the pass's manager, closed when it returns, and the
     * manager its gradients move to, closed too if it fails.
     */
    default DjlGradients gradientPass(BiFunction<NDManager, NDManager, DjlGradients> work) {
        NDManager gradManager = newSubManager();
        try (NDManager pass = newSubManager()) {
            return work.apply(pass, gradManager);
        } catch (RuntimeException | Error e) {
            gradManager.close();
            throw e;
        }
    }

    @Override
    default DjlGradients own(Gradients gradients) {
        if (!(gradients instanceof DjlGradients g) || g.owner() != this) {
            throw new IllegalArgumentException("gradients do not come from this model: " + gradients);
        }
        g.checkOpen();
        return g;
    }
}
