package org.metalr.models.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.metalr.api.HostTensor;

/**
 * Checkpoint tensors matched to a model.
 *
 * @param tensors model name to value, in model order, for the {@link LoadReport#loaded()} tensors
 *                only (those left at initialisation are absent)
 * @param report  what was loaded, left at initialisation and ignored
 */
public record LoadedWeights(Map<String, HostTensor> tensors, LoadReport report) {

    public LoadedWeights {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }
}
