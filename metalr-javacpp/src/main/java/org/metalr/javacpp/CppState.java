package org.metalr.javacpp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.HostTensor;
import org.metalr.api.StateChecks;
import org.metalr.api.TensorInfo;

/**
 * Host copies of a model's named parameters and buffers, and writes of host values into them: what
 * {@code state()} and {@code loadState()} do for a network's model and a user's module alike. Batch
 * counters are int64 on both sides; every other tensor has the model's element type.
 */
final class CppState {

    private CppState() {}

    /** Copies of every tensor, parameters then buffers, by name. */
    static Map<String, HostTensor> download(List<TensorInfo> parameters, Tensor[] params, List<TensorInfo> buffers,
            Tensor[] bufs, DType dtype) {
        return CppScopes.scoped(() -> {
            Map<String, HostTensor> out = new LinkedHashMap<>();
            for (int p = 0; p < params.length; p++) {
                out.put(parameters.get(p).name(), CppHost.toHost(params[p], dtype));
            }
            for (int b = 0; b < bufs.length; b++) {
                String name = buffers.get(b).name();
                out.put(name, StateChecks.isCounter(name)
                        ? CppHost.toHostLongs(bufs[b])
                        : CppHost.toHost(bufs[b], dtype));
            }
            return out;
        });
    }

    /**
     * Copies {@code state} (validated by {@link StateChecks}) into the tensors, which live on
     * {@code device}, in place, without autograd.
     */
    static void upload(Map<String, HostTensor> state, List<TensorInfo> parameters, Tensor[] params,
            List<TensorInfo> buffers, Tensor[] bufs, DType dtype, Device device) {
        CppScopes.withoutGrad(() -> {
            for (int p = 0; p < params.length; p++) {
                params[p].copy_(CppHost.toTensor(state.get(parameters.get(p).name()), dtype, device));
            }
            for (int b = 0; b < bufs.length; b++) {
                TensorInfo info = buffers.get(b);
                bufs[b].copy_(buffer(info, state.get(info.name()), dtype, device));
            }
        });
    }

    /**
     * A new tensor on {@code device} holding buffer {@code info}'s host value: int64 for a counter,
     * else {@code dtype}.
     */
    static Tensor buffer(TensorInfo info, HostTensor host, DType dtype, Device device) {
        return StateChecks.isCounter(info.name())
                ? CppHost.longs(host.toLongArray(), device, info.shape())
                : CppHost.toTensor(host, dtype, device);
    }
}
