package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.metalr.api.DType;
import org.metalr.api.Device;
import org.metalr.api.Differentiable;
import org.metalr.api.Gradients;
import org.metalr.api.HostTensor;
import org.metalr.libtorch.SharedLibTorch;

/**
 * Choosing a device, on every backend and any machine: the CPU works through both forms of
 * {@code create}, and a CUDA device the loaded LibTorch cannot use is refused before any work with a
 * message that names it and says what is missing (no CUDA build, no visible GPU, or an index past the
 * last GPU, whichever this machine shows).
 */
class DeviceSelectionTest {

    @EveryBackend
    void theCpuIsTheDefaultDevice(String backend) {
        try (Differentiable implicit = Cases.model(backend, DType.FLOAT64);
                Differentiable explicit = Cases.backend(backend).create(Cases.NETWORK, Cases.initialState(),
                        DType.FLOAT64, Device.CPU)) {
            assertThat(implicit.device()).isEqualTo(Device.CPU);
            assertThat(explicit.device()).isEqualTo(Device.CPU);
            boolean[] all = new boolean[implicit.parameters().size()];
            Arrays.fill(all, true);
            try (Gradients a = implicit.gradients(Cases.trainBatch(1), all);
                    Gradients b = explicit.gradients(Cases.trainBatch(1), all)) {
                assertThat(b.loss()).isEqualTo(a.loss());
                assertThat(b.get(0).toDoubleArray()).containsExactly(a.get(0).toDoubleArray());
            }
        }
    }

    @EveryBackend
    void anUnusableCudaDeviceIsRefusedBeforeAnyWork(String backend) {
        boolean cudaBuild = SharedLibTorch.cudaBuild();
        int visible = SharedLibTorch.cudaDevices();
        // one past the last visible GPU: unusable on every machine
        Device wanted = Device.cuda(visible);
        String expected;
        if (!cudaBuild) {
            expected = "device cuda:0 requested, but this LibTorch build has no CUDA support (build with -Pcuda on a"
                    + " machine with an NVIDIA GPU)";
        } else if (visible == 0) {
            expected = "device cuda:0 requested, but no CUDA device is visible";
        } else {
            expected = "device " + wanted + " requested, but only " + visible;
        }
        assertThatThrownBy(() -> Cases.backend(backend).create(Cases.NETWORK, Cases.initialState(), DType.FLOAT32,
                wanted)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);

        // the device is checked first: a state that would also be refused is not even read
        Map<String, HostTensor> broken = new LinkedHashMap<>(Cases.initialState());
        broken.remove("fc.weight");
        assertThatThrownBy(() -> Cases.backend(backend).create(Cases.NETWORK, broken, DType.FLOAT32, wanted))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);
    }
}
