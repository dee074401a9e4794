package org.metalr.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metalr.api.net.Network;

class DeviceTest {

    @Test
    void parsesPyTorchSpellings() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.parse(" CPU ")).isEqualTo(Device.CPU);
        assertThat(Device.parse("cuda")).isEqualTo(Device.cuda(0));
        assertThat(Device.parse("cuda:0")).isEqualTo(Device.cuda(0));
        assertThat(Device.parse("CUDA:3")).isEqualTo(Device.cuda(3));
        assertThat(Device.parse("cuda:3").index()).isEqualTo(3);
        assertThat(Device.parse("cuda:12").toString()).isEqualTo("cuda:12");
        assertThat(Device.CPU.toString()).isEqualTo("cpu");
        assertThat(Device.CPU.isCuda()).isFalse();
        assertThat(Device.cuda(1).isCuda()).isTrue();
        assertThat(Device.cuda(1)).isNotEqualTo(Device.cuda(2)).hasSameHashCodeAs(Device.cuda(1));
    }

    @Test
    void rejectsOtherTextNamingIt() {
        assertThatThrownBy(() -> Device.parse("gpu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown device 'gpu': expected cpu, cuda or cuda:N");
        for (String bad : new String[] {"cuda:", "cuda:-1", "cuda:x", "cuda:1.5", "cuda:0:1", "cuda:99999999999"}) {
            assertThatThrownBy(() -> Device.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'").hasMessageContaining("whole number >= 0");
        }
        assertThatThrownBy(() -> Device.parse("")).hasMessageContaining("unknown device ''");
        assertThatThrownBy(() -> Device.cuda(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(Device.CPU::index).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void availabilitySaysWhatIsMissing() {
        assertThatCode(() -> Device.CPU.requireAvailable(false, 0)).doesNotThrowAnyException();
        assertThatCode(() -> Device.cuda(1).requireAvailable(true, 2)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Device.cuda(0).requireAvailable(false, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("device cuda:0 requested, but this LibTorch build has no CUDA support"
                        + " (build with -Pcuda on a machine with an NVIDIA GPU)");
        assertThatThrownBy(() -> Device.cuda(0).requireAvailable(true, 0))
                .hasMessageStartingWith("device cuda:0 requested, but no CUDA device is visible");
        assertThatThrownBy(() -> Device.cuda(1).requireAvailable(true, 1))
                .hasMessage("device cuda:1 requested, but only 1 CUDA device is visible (cuda:0)");
        assertThatThrownBy(() -> Device.cuda(4).requireAvailable(true, 2))
                .hasMessage("device cuda:4 requested, but only 2 CUDA devices are visible (cuda:0 to cuda:1)");
    }

    @Test
    void aCpuOnlyBackendRefusesCudaAndServesTheCpu() {
        Differentiable made = new Differentiable() {
            public DType dtype() { return DType.FLOAT32; }
            public java.util.List<TensorInfo> parameters() { return java.util.List.of(); }
            public java.util.List<TensorInfo> buffers() { return java.util.List.of(); }
            public java.util.List<ParamGroup> defaultGroups() { return java.util.List.of(); }
            public Gradients gradients(Batch b, boolean[] t) { throw new UnsupportedOperationException(); }
            public Gradients gradientsAt(Batch b, Gradients d, double[] c, boolean[] t) {
                throw new UnsupportedOperationException();
            }
            public HostTensor forward(HostTensor x, boolean training) { throw new UnsupportedOperationException(); }
            public ParameterUpdater newUpdater(OptimizerConfig c) { throw new UnsupportedOperationException(); }
            public Map<String, HostTensor> state() { return Map.of(); }
            public void loadState(Map<String, HostTensor> s) {}
            public void close() {}
        };
        Backend cpuOnly = new Backend() {
            public String name() { return "host"; }
            public String describe() { return "host"; }
            public Differentiable create(Network n, Map<String, HostTensor> s, DType d) { return made; }
        };
        assertThat(cpuOnly.create(null, Map.of(), DType.FLOAT32, Device.CPU)).isSameAs(made);
        assertThat(made.device()).isEqualTo(Device.CPU);
        assertThatThrownBy(() -> cpuOnly.create(null, Map.of(), DType.FLOAT32, Device.cuda(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("device cuda:0 requested, but backend host computes on the CPU only");
    }
}
