package org.metalr.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.data.ScanOptions;
import org.metalr.data.layout.CropOptions;
import org.metalr.data.volume.LitsDataset;
import org.metalr.data.volume.LitsSplits;
import org.metalr.data.volume.NiftiDataType;
import org.metalr.data.volume.NiftiWriter;
import org.metalr.data.volume.Volume;
import org.metalr.data.volume.VolumeDataset;
import org.metalr.models.Initializers;
import org.metalr.models.UNet3D;

/**
 * Tiny LiTS runs for the trainer's tests: five synthetic cases of 24x24x16 voxels written as LiTS files
 * (int16 HU volume, uint8 segmentation, gzip), a 3D U-Net of width 2, 16x16x8 crops, batches of 2.
 */
final class LitsFixtures {

    static final int NX = 24;
    static final int NY = 24;
    static final int NZ = 16;
    static final int CASES = 5;

    private LitsFixtures() {}

    /**
     * Case {@code id}: soft tissue (40 HU) in air (-1000 HU) with a liver-like ellipsoid (+150 HU) whose
     * centre moves with the case, plus seeded noise of at most 10 HU; the segmentation labels the ellipsoid
     * 1 with a label-2 core. After the CT window the liver lies in [0.57, 0.58] and everything else below
     * 0.53, so thresholding the image at 0.55 gives the liver mask exactly.
     */
    static void writeCase(Path dir, int id) throws IOException {
        float[] hu = new float[NX * NY * NZ];
        float[] seg = new float[hu.length];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(id);
        for (int z = 0, i = 0; z < NZ; z++) {
            for (int y = 0; y < NY; y++) {
                for (int x = 0; x < NX; x++, i++) {
                    double bx = (x - NX / 2.0) / (0.48 * NX);
                    double by = (y - NY / 2.0) / (0.45 * NY);
                    double lx = (x - (0.35 + 0.05 * id) * NX) / (0.25 * NX);
                    double ly = (y - 0.5 * NY) / (0.22 * NY);
                    double lz = (z - 0.5 * NZ) / (0.3 * NZ);
                    double r = lx * lx + ly * ly + lz * lz;
                    boolean body = bx * bx + by * by < 1;
                    seg[i] = r < 0.15 ? 2 : r < 1 ? 1 : 0;
                    hu[i] = (float) Math.round((r < 1 ? 150 : body ? 40 : -1000) + rng.nextDouble(-10, 10));
                }
            }
        }
        double[] spacing = {0.8, 0.8, 2.5};
        new NiftiWriter(NiftiDataType.INT16).write(dir.resolve("volume-" + id + ".nii.gz"), new Volume(NX, NY, NZ, hu, spacing));
        new NiftiWriter(NiftiDataType.UINT8).write(dir.resolve("segmentation-" + id + ".nii.gz"),
                new Volume(NX, NY, NZ, seg, spacing));
    }

    /** Writes {@link #CASES} cases and splits them one for meta-validation, one for test, the rest for training. */
    static LitsSplits splits(Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        for (int id = 0; id < CASES; id++) {
            writeCase(dir, id);
        }
        return LitsSplits.scan(dir, ScanOptions.strict(), 0.2, 0.2, 3);
    }

    static CropOptions options() {
        return CropOptions.defaults().withCrop(16, 16, 8).withCropsPerCase(2).withTileOverlap(0);
    }

    /** The cases as a volume dataset cut by {@code crops}. */
    static VolumeDataset dataset(LitsSplits splits, CropOptions crops) {
        return new LitsDataset("LiTS fixture", splits, crops);
    }

    static TrainingData data(LitsSplits splits, TrainConfig config) {
        return TrainingData.volumes(dataset(splits, options()), config, TrainingData.Options.defaults().withThreads(0));
    }

    static Network network() {
        return UNet3D.network(1, 2);
    }

    static ModelSpec model() {
        Network net = network();
        Map<String, HostTensor> weights = Initializers.kaiming(net, 5);
        return ModelSpec.of(new UNet3D(), net, weights);
    }

    static TrainConfig.Builder config(String method) {
        return TrainConfig.builder().method(method).epochs(2).batchSize(2).evalBatchSize(2).lr(0.01);
    }
}
