package org.metalr.app;

import java.util.Map;
import java.util.Optional;
import org.metalr.api.HostTensor;

/** The number of classes a checkpoint's classifier was trained for, read from its {@code fc.weight}. */
final class HeadClasses {

    private HeadClasses() {}

    /**
     * The first dimension of the checkpoint's {@code fc.weight} (ResNet-18's and the small CNN's
     * classifier), after removing {@code stripPrefix} when given; empty if there is none.
     */
    static Optional<Integer> of(Map<String, HostTensor> tensors, String stripPrefix) {
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            String key = stripPrefix != null && e.getKey().startsWith(stripPrefix)
                    ? e.getKey().substring(stripPrefix.length()) : e.getKey();
            long[] shape = e.getValue().shape();
            if (key.equals("fc.weight") && shape.length == 2) {
                return Optional.of((int) shape[0]);
            }
        }
        return Optional.empty();
    }
}
