package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.Device;
import org.metalr.api.UserInputException;
import org.metalr.train.method.InvalidConfigException;

/** {@code --parallel P}: how the cores or the GPUs are split between the local workers' command lines. */
class LocalWorkersTest {

    private final TestData.Cli cli = new TestData.Cli();

    @Test
    void onTheCpuEveryWorkerGetsItsShareOfTheThreads() {
        List<List<String>> commands = Sweep.LocalWorkers.commands(List.of("compare", "--threads", "4", "--parallel",
                "2", "--out", "o"), 2, 4, Device.CPU, 0);
        assertThat(commands).containsExactly(List.of("compare", "--out", "o", "--worker", "--threads", "2", "--leave-collect"),
                List.of("compare", "--out", "o", "--worker", "--threads", "2", "--leave-collect"));
        assertThat(Sweep.LocalWorkers.commands(List.of("grid", "--parallel=3"), 3, 2, Device.CPU, 0))
                .allSatisfy(c -> assertThat(c).containsExactly("grid", "--worker", "--threads", "1",
                        "--leave-collect"));
    }

    @Test
    void onCudaWorkerKGetsDeviceK() {
        List<List<String>> commands = Sweep.LocalWorkers.commands(List.of("compare", "--device", "cuda", "--out", "o",
                "--parallel", "3"), 3, 3, Device.parse("cuda"), 4);
        for (int k = 0; k < 3; k++) {
            assertThat(commands.get(k)).containsExactly("compare", "--out", "o", "--worker", "--threads", "1",
                    "--leave-collect", "--device", "cuda:" + k);
        }
        // a device index given is replaced as well: the workers take cuda:0..P-1
        assertThat(Sweep.LocalWorkers.commands(List.of("grid", "--device=cuda:1"), 2, 2, Device.cuda(1), 2))
                .containsExactly(List.of("grid", "--worker", "--threads", "1", "--leave-collect", "--device", "cuda:0"),
                        List.of("grid", "--worker", "--threads", "1", "--leave-collect", "--device", "cuda:1"));
    }

    @Test
    void refusesMoreCudaWorkersThanDevicesNamingBothFlags() {
        assertThatThrownBy(() -> Sweep.LocalWorkers.commands(List.of("compare", "--device", "cuda"), 2, null,
                Device.parse("cuda"), 1)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("--parallel 2 with --device cuda:0").hasMessageContaining("sees 1 CUDA device(s)")
                .hasMessageContaining("use --parallel 1 or fewer, or --device cpu");
    }

    @Test
    void aCpuBuildRefusesParallelCudaWorkersBeforeAnyWork(@TempDir Path tmp) throws Exception {
        Path data = TestData.splitFolders(tmp.resolve("data"), 4, 2, 2);
        Path out = tmp.resolve("sweep");
        assertThat(cli.run(SmallSweep.compare(data, out, "--device", "cuda", "--parallel", "2"))).isEqualTo(2);
        assertThat(cli.err()).contains("--device cuda").contains("for the CPU only");
        assertThat(cli.out()).doesNotContain("starting 2 local workers");
        assertThat(out).doesNotExist();
    }

    @Test
    void theComparisonFolderRecordsACudaDeviceWithoutItsIndex(@TempDir Path out) throws Exception {
        MethodComparison.record(out, "compare", Map.of("--device", "cuda:0"), Set.of());
        assertThat(Files.readString(out.resolve(MethodComparison.COMMAND))).contains("\"cuda\"").doesNotContain("cuda:0");
        // another GPU of the same sweep is accepted; the CPU is not
        MethodComparison.requireSameFlags(out, Map.of("--device", "cuda:1"), Set.of());
        assertThatThrownBy(() -> MethodComparison.requireSameFlags(out, Map.of("--device", "cpu"), Set.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("device");
    }
}
