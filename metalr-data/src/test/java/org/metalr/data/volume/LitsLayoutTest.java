package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.data.BadInputException;
import org.metalr.data.BadInputReport;
import org.metalr.data.ScanOptions;

class LitsLayoutTest {

    @TempDir
    Path root;

    @Test
    void pairsVolumesAndSegmentationsByNumberAcrossBatchFolders() throws IOException {
        LitsFixture.writeCase(root.resolve("Training Batch 1"), 2, 8, 6, 4, ".nii");
        LitsFixture.writeCase(root.resolve("Training Batch 2"), 10, 8, 6, 4, ".nii.gz");
        // Mixed compression within one case, and unrelated files that are not samples.
        LitsFixture.writeCase(root.resolve("Training Batch 1"), 0, 5, 5, 3, ".nii");
        Files.move(root.resolve("Training Batch 1/segmentation-0.nii"), root.resolve("segmentation-0.nii"));
        Files.writeString(root.resolve("README.txt"), "LiTS");
        Files.writeString(root.resolve("volume-3.nii.zip"), "not a NIfTI name");

        List<LitsCase> cases = LitsLayout.scan(root);

        assertThat(cases).extracting(LitsCase::id).containsExactly(0, 2, 10);
        assertThat(cases.get(0).segmentation()).isEqualTo(root.resolve("segmentation-0.nii"));
        assertThat(cases.get(2).volume()).isEqualTo(root.resolve("Training Batch 2/volume-10.nii.gz"));
        assertThat(cases.get(2).segmentation()).isEqualTo(root.resolve("Training Batch 2/segmentation-10.nii.gz"));
    }

    @Test
    void loadsWithModelsGenesisWindowAndLiverLabel() throws IOException {
        LitsFixture.writeCase(root, 1, 12, 12, 8, ".nii.gz");
        LitsCase c = LitsLayout.scan(root).get(0);
        LitsLoader loader = LitsLoader.modelsGenesis();

        LitsVolume v = loader.load(c);

        NiftiImage hu = NiftiReader.read(c.volume());
        NiftiImage seg = NiftiReader.read(c.segmentation());
        float[] raw = hu.toArray();
        float[] labels = seg.toArray();
        float[] windowed = v.image().toArray();
        int foreground = 0;
        for (int i = 0; i < raw.length; i++) {
            double clipped = Math.max(-1000, Math.min(1000, raw[i]));
            assertThat((double) windowed[i]).isCloseTo((clipped + 1000) / 2000, within(1e-6));
            foreground += labels[i] >= 1 ? 1 : 0;
        }
        assertThat(v.foregroundCount()).isEqualTo(foreground).isPositive();
        assertThat(v.image().spacing()).containsExactly(hu.spacing());
        // Both liver (1) and tumour (2) count as liver.
        assertThat(v.isForeground(6, 6, 4)).isTrue();
        assertThat(seg.get(6, 6, 4)).isEqualTo(2f);
        assertThat(v.isForeground(0, 0, 0)).isFalse();
        assertThat(v.label().toArray()).containsOnly(0f, 1f);

        assertThat(loader.load(c)).isSameAs(v);
        assertThat(loader.cache().hits()).isEqualTo(1);
        assertThat(loader.cache().misses()).isEqualTo(1);
    }

    private void assertScanFails(Path file, String... fragments) {
        assertThatThrownBy(() -> LitsLayout.scan(root))
                .isInstanceOf(VolumeDataException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContainingAll(fragments);
    }

    @Test
    void aTruncatedVolumeIsFoundByTheStrictScanFromItsSize() throws IOException {
        LitsFixture.writeCase(root, 1, 8, 6, 4, ".nii");
        LitsFixture.writeCase(root, 2, 8, 6, 4, ".nii");
        LitsFixture.truncate(root.resolve("volume-2.nii"), 0.9); // header intact, body short
        assertScanFails(root.resolve("volume-2.nii"), "truncated: ", "but the header needs");
    }

    @Test
    void aTruncatedCompressedVolumeIsFoundByTheStrictScanFromItsTrailer() throws IOException {
        LitsFixture.writeCase(root, 1, 8, 6, 4, ".nii.gz");
        LitsFixture.writeCase(root, 6, 40, 40, 20, ".nii.gz");
        LitsFixture.truncate(root.resolve("segmentation-6.nii.gz"), 0.6);
        assertScanFails(root.resolve("segmentation-6.nii.gz"), "truncated or corrupt gzip data");
    }

    @Test
    void missingSegmentation() throws IOException {
        LitsFixture.writeCase(root, 4, 4, 4, 2, ".nii");
        Files.delete(root.resolve("segmentation-4.nii"));
        assertScanFails(root.resolve("volume-4.nii"), "missing segmentation", "segmentation-4.nii");
    }

    @Test
    void segmentationWithoutVolume() throws IOException {
        LitsFixture.writeCase(root, 4, 4, 4, 2, ".nii");
        LitsFixture.writeCase(root, 5, 4, 4, 2, ".nii");
        Files.delete(root.resolve("volume-5.nii"));
        assertScanFails(root.resolve("segmentation-5.nii"), "missing volume", "volume-5.nii");
    }

    @Test
    void shapeMismatch() throws IOException {
        LitsFixture.writeCase(root, 7, 6, 5, 4, ".nii.gz");
        LitsFixture.write(root.resolve("segmentation-7.nii.gz"), new Volume(6, 5, 3, new float[90]),
                NiftiDataType.UINT8);
        assertScanFails(root.resolve("segmentation-7.nii.gz"), "shape mismatch", "6x5x3", "volume-7.nii.gz", "6x5x4");
    }

    @Test
    void shapeMismatchFoundWhenLoadingTooAfterFilesChange() throws IOException {
        LitsFixture.writeCase(root, 7, 6, 5, 4, ".nii");
        LitsCase c = LitsLayout.scan(root).get(0);
        LitsFixture.write(c.segmentation(), new Volume(5, 5, 4, new float[100]), NiftiDataType.UINT8);
        assertThatThrownBy(() -> LitsLoader.modelsGenesis().load(c))
                .isInstanceOf(VolumeDataException.class)
                .hasMessageStartingWith(c.segmentation() + ": ")
                .hasMessageContaining("shape mismatch");
    }

    @Test
    void seriesInsteadOfVolume() throws IOException {
        LitsFixture.writeCase(root, 1, 4, 4, 2, ".nii");
        Files.write(root.resolve("volume-1.nii"), NiftiFixture.of(4, new double[64]).dims(4, 4, 2, 2).singleFile());
        assertScanFails(root.resolve("volume-1.nii"), "expected one 3D volume", "[4, 4, 2, 2]");
    }

    @Test
    void duplicateNumber() throws IOException {
        LitsFixture.writeCase(root, 1, 4, 4, 2, ".nii");
        Files.copy(root.resolve("volume-1.nii"), root.resolve("volume-01.nii"));
        assertThatThrownBy(() -> LitsLayout.scan(root)).isInstanceOf(VolumeDataException.class)
                .hasMessageContainingAll("duplicate volume 1", "volume-01.nii", "volume-1.nii");
    }

    @Test
    void badHeaderInALayoutNamesTheFile() throws IOException {
        LitsFixture.writeCase(root, 3, 4, 4, 2, ".nii");
        Files.write(root.resolve("segmentation-3.nii"), new byte[400]);
        assertScanFails(root.resolve("segmentation-3.nii"), "sizeof_hdr");
    }

    @Test
    void emptyOrMissingFolder() throws IOException {
        Files.writeString(root.resolve("notes.txt"), "nothing");
        assertScanFails(root, "no volume-N.nii");
        Path absent = root.resolve("absent");
        assertThatThrownBy(() -> LitsLayout.scan(absent)).isInstanceOf(VolumeDataException.class)
                .hasMessage(absent + ": not a folder");
    }

    @Test
    void volumeProblemsAreTheProjectsBadInput() throws IOException {
        LitsFixture.writeCase(root, 4, 4, 4, 2, ".nii");
        Files.delete(root.resolve("segmentation-4.nii"));
        assertThatThrownBy(() -> LitsLayout.scan(root)).isInstanceOf(BadInputException.class)
                .satisfies(e -> {
                    BadInputException bad = (BadInputException) e;
                    assertThat(bad.file()).isEqualTo(root.resolve("volume-4.nii"));
                    assertThat(bad.problem()).startsWith("missing segmentation");
                });
    }

    @Test
    void skippingLeavesBadCasesOutAndCountsThem() throws IOException {
        LitsFixture.writeCase(root, 1, 8, 6, 4, ".nii.gz");
        LitsFixture.writeCase(root, 2, 8, 6, 4, ".nii");
        LitsFixture.truncate(root.resolve("volume-2.nii"), 0.9); // header intact, body short
        LitsFixture.writeCase(root, 3, 8, 6, 4, ".nii");
        Files.delete(root.resolve("segmentation-3.nii"));
        LitsFixture.writeCase(root, 4, 6, 5, 4, ".nii.gz");
        LitsFixture.write(root.resolve("segmentation-4.nii.gz"), new Volume(6, 5, 3, new float[90]), NiftiDataType.UINT8);
        LitsFixture.writeCase(root, 5, 8, 6, 4, ".nii");
        Files.write(root.resolve("segmentation-5.nii"), new byte[400]);
        LitsFixture.writeCase(root, 6, 40, 40, 20, ".nii.gz");
        LitsFixture.truncate(root.resolve("segmentation-6.nii.gz"), 0.6);
        LitsFixture.writeCase(root, 7, 8, 6, 4, ".nii");
        Files.writeString(root.resolve("README.txt"), "LiTS");

        BadInputReport report = new BadInputReport();
        List<LitsCase> cases = LitsLayout.scan(root, ScanOptions.skipping(report, 2));

        assertThat(cases).extracting(LitsCase::id).containsExactly(1, 7);
        assertThat(report.skippedCount()).isEqualTo(5);
        assertThat(report.skipped()).extracting(BadInputReport.Entry::file).containsExactly(
                root.resolve("volume-3.nii"), root.resolve("volume-2.nii"), root.resolve("segmentation-4.nii.gz"),
                root.resolve("segmentation-5.nii"), root.resolve("segmentation-6.nii.gz"));
        assertThat(report.skipped()).extracting(BadInputReport.Entry::problem).satisfiesExactly(
                p -> assertThat(p).startsWith("missing segmentation"),
                p -> assertThat(p).startsWith("truncated body"),
                p -> assertThat(p).startsWith("shape mismatch"),
                p -> assertThat(p).contains("sizeof_hdr"),
                p -> assertThat(p).containsAnyOf("truncated", "corrupt"));
        assertThat(report.ignored()).extracting(BadInputReport.Entry::file).containsExactly(root.resolve("README.txt"));
        assertThat(report.summary()).startsWith("5 bad input(s) skipped, 1 file(s) ignored");

        // the same folder without skipping fails on the first bad case, by number
        assertThatThrownBy(() -> LitsLayout.scan(root)).isInstanceOf(VolumeDataException.class)
                .hasMessageStartingWith(root.resolve("volume-3.nii") + ": missing segmentation");
    }

    @Test
    void skippingEveryCaseLeavesNothingToTrainOn() throws IOException {
        LitsFixture.writeCase(root, 1, 8, 6, 4, ".nii");
        Files.delete(root.resolve("segmentation-1.nii"));
        BadInputReport report = new BadInputReport();
        assertThatThrownBy(() -> LitsLayout.scan(root, ScanOptions.skipping(report, 1)))
                .isInstanceOf(VolumeDataException.class)
                .hasMessage(root + ": no usable case: all 1 were skipped as bad input (1 problem(s) recorded)");
    }
}
