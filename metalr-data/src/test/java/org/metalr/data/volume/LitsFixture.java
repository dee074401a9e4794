package org.metalr.data.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small LiTS-style cases for tests. */
final class LitsFixture {

    private LitsFixture() {
    }

    /**
     * A case of the given shape: HU running from -1500 to 1500 through the volume (file order), labels 1 in a
     * box around the centre with a label-2 core.
     */
    static void writeCase(Path dir, int id, int nx, int ny, int nz, String suffix) {
        float[] hu = new float[nx * ny * nz];
        float[] seg = new float[hu.length];
        for (int z = 0, i = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    hu[i] = Math.round(-1500 + 3000.0 * i / hu.length);
                    boolean liver = Math.abs(x - nx / 2) < nx / 6 && Math.abs(y - ny / 2) < ny / 6
                            && Math.abs(z - nz / 2) < nz / 4;
                    boolean tumour = liver && Math.abs(x - nx / 2) < 2 && Math.abs(y - ny / 2) < 2;
                    seg[i] = tumour ? 2 : liver ? 1 : 0;
                }
            }
        }
        double[] spacing = {0.7, 0.7, 2.5};
        write(dir.resolve("volume-" + id + suffix), new Volume(nx, ny, nz, hu, spacing), NiftiDataType.INT16);
        write(dir.resolve("segmentation-" + id + suffix), new Volume(nx, ny, nz, seg, spacing), NiftiDataType.UINT8);
    }

    /**
     * A case whose liver can be read off the image: -500 HU outside, +500 HU in an off-centre ellipsoid
     * labelled 1 (with a label-2 core), so after Models Genesis' window the image is 0.25 outside and 0.75
     * in the liver, and a crop's mask is exactly where its image exceeds 0.5 (padding: image 0, mask 0).
     */
    static void writePhantom(Path dir, int id, int nx, int ny, int nz, String suffix) {
        float[] hu = new float[nx * ny * nz];
        float[] seg = new float[hu.length];
        for (int z = 0, i = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    double dx = (x - 0.4 * nx) / (0.3 * nx);
                    double dy = (y - 0.55 * ny) / (0.25 * ny);
                    double dz = (z - 0.5 * nz) / (0.3 * nz);
                    double r = dx * dx + dy * dy + dz * dz;
                    seg[i] = r < 0.2 ? 2 : r < 1 ? 1 : 0;
                    hu[i] = r < 1 ? 500 : -500;
                }
            }
        }
        double[] spacing = {0.8, 0.8, 2.5};
        write(dir.resolve("volume-" + id + suffix), new Volume(nx, ny, nz, hu, spacing), NiftiDataType.INT16);
        write(dir.resolve("segmentation-" + id + suffix), new Volume(nx, ny, nz, seg, spacing), NiftiDataType.UINT8);
    }

    /** Cuts {@code file} to {@code keep} of its bytes, as an interrupted download leaves it. */
    static void truncate(Path file, double keep) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(bytes, (int) (bytes.length * keep)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, Volume v, NiftiDataType type) {
        try {
            Files.createDirectories(file.getParent());
            new NiftiWriter(type).write(file, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
