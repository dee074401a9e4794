package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.Batch;
import org.metalr.api.HostTensor;
import org.metalr.data.BadInputException;
import org.metalr.data.BatchLoader;
import org.metalr.data.BatchStream;
import org.metalr.data.DecodePool;
import org.metalr.data.LoaderConfig;

/** LiTS crops through the project's batch loader: segmentation batches, deterministic whatever the threads. */
class LitsCropBatchesTest {

    @TempDir
    static Path root;

    static List<LitsCase> cases;

    @BeforeAll
    static void writeCases() throws IOException {
        for (int id = 0; id < 3; id++) {
            LitsFixture.writePhantom(root, id, 24, 24, 16, ".nii.gz");
        }
        cases = LitsLayout.scan(root);
    }

    private static BatchLoader loader(DecodePool pool, long seed) {
        LitsCropSource source = new LitsCropSource(cases, LitsLoader.modelsGenesis(),
                new CropSampler(16, 16, 8, 0.5, 0.5), 2);
        return new BatchLoader(source, LoaderConfig.shuffled(4, seed).withPrefetch(2), pool);
    }

    private static List<Batch> epoch(BatchLoader loader, int e) {
        List<Batch> out = new ArrayList<>();
        try (BatchStream s = loader.epoch(e)) {
            while (s.hasNext()) {
                out.add(s.next());
            }
        }
        return out;
    }

    @Test
    void batchesHoldCropsAndTheirMasks() {
        try (DecodePool pool = new DecodePool(2)) {
            List<Batch> batches = epoch(loader(pool, 5), 0);
            assertThat(batches).extracting(Batch::size).containsExactly(4, 2);
            int foreground = 0;
            for (Batch b : batches) {
                assertThat(b.isSegmentation()).isTrue();
                assertThat(b.inputs().kind()).isEqualTo(HostTensor.Kind.FLOAT32);
                assertThat(b.masks().kind()).isEqualTo(HostTensor.Kind.FLOAT32);
                assertThat(b.inputs().shape()).containsExactly(b.size(), 1, 16, 16, 8);
                assertThat(b.masks().shape()).containsExactly(b.size(), 1, 16, 16, 8);
                float[] x = b.inputs().toFloatArray();
                float[] y = b.masks().toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    // The phantom's liver is 0.75 after the CT window, the rest 0.25 (padding 0).
                    assertThat(y[i]).as("voxel %d", i).isEqualTo(x[i] > 0.5f ? 1f : 0f);
                    foreground += (int) y[i];
                }
            }
            assertThat(foreground).isPositive();
        }
    }

    @Test
    void theSameBatchesWhateverTheThreadCountAndNewCropsEachEpoch() {
        List<List<Batch>> runs = new ArrayList<>();
        for (int threads : new int[] {0, 1, 3}) {
            try (DecodePool pool = new DecodePool(threads)) {
                BatchLoader loader = loader(pool, 9);
                List<Batch> both = epoch(loader, 0);
                both.addAll(epoch(loader, 1));
                runs.add(both);
            }
        }
        for (List<Batch> run : runs.subList(1, runs.size())) {
            assertThat(run).hasSameSizeAs(runs.get(0));
            for (int b = 0; b < run.size(); b++) {
                assertThat(run.get(b).inputs().toFloatArray()).isEqualTo(runs.get(0).get(b).inputs().toFloatArray());
                assertThat(run.get(b).masks().toFloatArray()).isEqualTo(runs.get(0).get(b).masks().toFloatArray());
            }
        }
        List<Batch> r = runs.get(0);
        assertThat(r.get(0).inputs().toFloatArray()).isNotEqualTo(r.get(2).inputs().toFloatArray());
        try (DecodePool pool = new DecodePool(0)) {
            assertThat(epoch(loader(pool, 10), 0).get(0).inputs().toFloatArray())
                    .isNotEqualTo(r.get(0).inputs().toFloatArray());
        }
    }

    @Test
    void aCaseWithABadBodyFailsTheBatchNamingTheFile(@TempDir Path dir) throws IOException {
        LitsFixture.writePhantom(dir, 4, 24, 24, 16, ".nii");
        Path volume = dir.resolve("volume-4.nii");
        List<LitsCase> bad = LitsLayout.scan(dir); // failing scans read headers and sizes only
        LitsFixture.truncate(volume, 0.9); // damaged after the scan
        LitsCropSource source = new LitsCropSource(bad, LitsLoader.modelsGenesis(), new CropSampler(16, 16, 8, 1, 0), 1);
        try (DecodePool pool = new DecodePool(1)) {
            BatchLoader loader = new BatchLoader(source, LoaderConfig.inOrder(1), pool);
            try (BatchStream s = loader.epoch(0)) {
                assertThatThrownBy(s::next).isInstanceOf(VolumeDataException.class)
                        .isInstanceOf(BadInputException.class)
                        .hasMessageStartingWith(volume + ": ")
                        .hasMessageContaining("truncated body: expected 18432 bytes");
            }
        }
    }
}
