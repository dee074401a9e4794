package org.metalr.libtorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import org.junit.jupiter.api.Test;

class SharedLibTorchTest {

    @Test
    void loadsOnceAndPointsDjlAtTheSameLibrary() {
        String dir = SharedLibTorch.load();
        assertThat(SharedLibTorch.load()).isSameAs(dir);
        assertThat(new File(dir, "libtorch_cpu.so")).isFile();
        assertThat(System.getProperty("PYTORCH_LIBRARY_PATH")).isEqualTo(dir);
        assertThat(System.getProperty("PYTORCH_VERSION")).isEqualTo(SharedLibTorch.VERSION);
        assertThat(System.getProperty("PYTORCH_FLAVOR")).isEqualTo(SharedLibTorch.cudaBuild() ? "cu128" : "cpu");
    }

    @Test
    void aCpuBuildSeesNoCudaDevice() {
        if (!SharedLibTorch.cudaBuild()) {
            assertThat(SharedLibTorch.cudaDevices()).isZero();
        }
    }

    @Test
    void theCudaBuildIsRefusedWithoutADriver() {
        assertThatThrownBy(() -> SharedLibTorch.requireDriverFor(true, false))
                .hasMessageContaining("CUDA build of LibTorch").hasMessageContaining("build without -Pcuda");
        SharedLibTorch.requireDriverFor(true, true);
        SharedLibTorch.requireDriverFor(false, false);
    }

    @Test
    void threadCountIsSetProcessWide() {
        int before = SharedLibTorch.threads();
        try {
            SharedLibTorch.setThreads(1);
            assertThat(SharedLibTorch.threads()).isEqualTo(1);
        } finally {
            SharedLibTorch.setThreads(before);
        }
        assertThatThrownBy(() -> SharedLibTorch.setThreads(0)).hasMessageContaining("thread count must be >= 1");
    }

    @Test
    void aBadOneDnnPolicyIsNamed() {
        SharedLibTorch.load();
        assertThatThrownBy(() -> new OneDnnCheck("maybe"))
                .hasMessageContaining(SharedLibTorch.ONEDNN_PROPERTY).hasMessageContaining("auto, on or off");
    }
}
