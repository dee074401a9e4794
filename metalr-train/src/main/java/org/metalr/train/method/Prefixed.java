package org.metalr.train.method;

import java.util.LinkedHashMap;
import java.util.Map;
import org.metalr.api.HostTensor;

/** Name prefixes that keep a method's tensor kinds apart in one checkpoint file. */
final class Prefixed {

    private Prefixed() {}

    static Map<String, HostTensor> add(Map<String, HostTensor> into, String prefix, Map<String, HostTensor> tensors) {
        tensors.forEach((k, v) -> into.put(prefix + k, v));
        return into;
    }

    /** The entries of {@code tensors} under {@code prefix}, with the prefix removed. */
    static Map<String, HostTensor> under(Map<String, HostTensor> tensors, String prefix) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** Throws unless every name starts with one of {@code prefixes}. */
    static void requireOnly(Map<String, HostTensor> tensors, String... prefixes) {
        for (String k : tensors.keySet()) {
            boolean known = false;
            for (String p : prefixes) {
                known |= k.startsWith(p);
            }
            if (!known) {
                throw new IllegalArgumentException("method state has unexpected tensor '" + k + "'");
            }
        }
    }
}
