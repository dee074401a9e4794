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

    static void write(Path file, Volume v, NiftiDataType type) {
        try {
            Files.createDirectories(file.getParent());
            new NiftiWriter(type).write(file, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
