package org.metalr.libtorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/**
 * {@value SharedLibTorch#HUGE_PAGES_VARIABLE}, which the test suite sets as the {@code metalr} command does,
 * reaches LibTorch: a large CPU tensor lands on transparent huge pages, and the reports say so.
 */
class HugePagesTest {

    private static final Path KERNEL = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    @Test
    void aLargeTensorIsBackedByHugePagesAndTheReportSaysSo() throws IOException {
        assumeThat(System.getenv(SharedLibTorch.HUGE_PAGES_VARIABLE)).as("the suite sets it").isEqualTo("1");
        assumeThat(Files.isReadable(KERNEL) && !Files.readString(KERNEL).contains("[never]"))
                .as("transparent huge pages allowed by the kernel").isTrue();
        assertThat(SharedLibTorch.cpuPages()).startsWith("huge pages (THP_MEM_ALLOC_ENABLE=1, kernel: ");
        SharedLibTorch.load();
        long before = anonHugeKiB();
        try (PointerScope scope = new PointerScope()) {
            Tensor t = torch.empty(new long[] {64L << 18}, new TensorOptions(ScalarType.Float), new MemoryFormatOptional());
            t.fill_(new Scalar(1.0)); // touch every page
            assertThat(anonHugeKiB() - before).as("huge-page memory gained by a 64 MiB tensor, KiB")
                    .isGreaterThanOrEqualTo(32 * 1024);
        }
    }

    private static long anonHugeKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps_rollup"))) {
            if (line.startsWith("AnonHugePages:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no AnonHugePages in /proc/self/smaps_rollup");
    }
}
