package org.metalr.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.models.Initializers;
import org.metalr.models.UNet3D;

/**
 * An evaluation forward pass holds only the activations still to be read, on every backend: the peak
 * resident memory of one pass of the width-8 3D U-Net over a 128x128x64 tile, measured in a fresh JVM
 * ({@link #main}) so that no earlier allocation is reused, stays near the live set the evaluation tiles are
 * sized by. That live set, 4 bytes * (2.625w skip values + 2 * 8w operands of {@code up_tr64.ops.0}) per
 * voxel, is 596 bytes at width 8; measured with oneDNN on this project's test machine: 395 (JavaCPP) and
 * 602 (DJL). When each pass kept every activation until it returned, the same pass took 1,707 and 1,785.
 */
class EvaluationMemoryTest {

    private static final int WIDTH = 8;
    private static final double LIVE_SET_BYTES_PER_VOXEL = 4 * (2.625 * WIDTH + 2 * 8 * WIDTH);
    private static final int[] TILE = {128, 128, 64};

    @EveryBackend
    void anEvaluationPassHoldsOnlyTheActivationsStillToBeRead(String backend) throws Exception {
        Path out = Files.createTempFile("evaluation-memory", ".txt");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), EvaluationMemoryTest.class.getName(),
                    backend).redirectOutput(out.toFile()).redirectErrorStream(true).start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the measuring process ended").isTrue();
            List<String> lines = Files.readAllLines(out);
            assertThat(p.exitValue()).as("exit status; output: %s", lines).isZero();
            double bytesPerVoxel = Double.parseDouble(lines.get(lines.size() - 1).replaceAll(".*bytes per voxel ", ""));
            // a quarter above the live set for allocator rounding; keeping every activation takes ~3x
            assertThat(bytesPerVoxel).as("peak bytes per tile voxel, %s", backend)
                    .isLessThan(1.25 * LIVE_SET_BYTES_PER_VOXEL);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The measuring process: prints the pass's peak resident memory over its start, per tile voxel. */
    public static void main(String[] args) throws IOException {
        Network net = UNet3D.network(1, WIDTH);
        try (Differentiable m = Cases.backend(args[0]).create(net, Initializers.torchDefault(net, 1), DType.FLOAT32)) {
            m.forward(HostTensor.of(new float[16 * 16 * 16], 1, 1, 16, 16, 16), false); // kernels and pools set up
            float[] tile = new float[TILE[0] * TILE[1] * TILE[2]];
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < tile.length; i++) {
                tile[i] = random.nextFloat();
            }
            HostTensor input = HostTensor.of(tile, 1, 1, TILE[2], TILE[1], TILE[0]);
            System.gc();
            Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // the peak restarts from here
            long start = NativeMemoryTest.statusBytes("VmRSS");
            m.forward(input, false);
            long peak = NativeMemoryTest.statusBytes("VmHWM");
            System.out.printf(Locale.ROOT, "bytes per voxel %.1f%n", (double) (peak - start) / tile.length);
        }
    }
}
