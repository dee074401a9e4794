package org.metalr.models.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.metalr.api.HostTensor;

/**
 * The contents of a safetensors file.
 *
 * @param tensors  name to tensor, in the order of the file's header
 * @param metadata the header's {@code __metadata__} (string to string; empty if absent)
 */
public record SafetensorsFile(Map<String, HostTensor> tensors, Map<String, String> metadata) {

    public SafetensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
