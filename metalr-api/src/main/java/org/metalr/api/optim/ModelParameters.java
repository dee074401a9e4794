package org.metalr.api.optim;

import java.util.List;
import org.metalr.api.Gradients;
import org.metalr.api.TensorInfo;

/**
 * A model as its optimizer sees it, on any backend: the parameter list, whether the model is open, and
 * which gradients are its own. A backend's models implement it (with their tensors on top) for
 * {@link TensorUpdater}.
 */
public interface ModelParameters {

    /** The parameter list, in the model's order; readable after the model is closed too (for messages). */
    List<TensorInfo> parameterInfo();

    /** @throws IllegalStateException if the model is closed */
    void checkOpen();

    /**
     * {@code gradients} as this model's own, open gradients: what a step and a look-ahead take.
     *
     * @throws IllegalArgumentException if they come from another model or backend
     * @throws IllegalStateException    if they are closed
     */
    Gradients own(Gradients gradients);
}
