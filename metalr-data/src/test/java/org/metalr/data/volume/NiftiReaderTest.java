package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NiftiReaderTest {

    @TempDir
    Path dir;

    /** 24 stored values for a 3x4x2 image, the type's extremes first. */
    static double[] valuesFor(NiftiDataType type) {
        double[] extremes;
        switch (type) {
            case UINT8: extremes = new double[] {0, 255, 128, 1}; break;
            case INT8: extremes = new double[] {-128, 127, -1, 0}; break;
            case INT16: extremes = new double[] {-32768, 32767, -1024, 3071}; break;
            case UINT16: extremes = new double[] {0, 65535, 32768, 1}; break;
            case INT32: extremes = new double[] {-16_777_216, 16_777_216, -1, 70_000}; break;
            case FLOAT32: extremes = new double[] {-1.5e30, 3.25e-3, -0.0, 1234.5}; break;
            case FLOAT64: extremes = new double[] {-1024.25, 0.125, 1e-3, 3.0e5}; break;
            default: throw new AssertionError(type);
        }
        double[] v = new double[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < extremes.length ? extremes[i] : (i * 7) % 23 - (type.name().startsWith("UINT") ? 0 : 11);
        }
        return v;
    }

    static Stream<Arguments> everyTypeOrderAndCompression() {
        List<Arguments> args = new ArrayList<>();
        for (NiftiDataType type : NiftiDataType.values()) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                for (boolean gzip : new boolean[] {false, true}) {
                    args.add(Arguments.of(type, order, gzip));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1} gzip={2}")
    @MethodSource("everyTypeOrderAndCompression")
    void readsEveryTypeInBothByteOrdersCompressedOrNot(NiftiDataType type, ByteOrder order, boolean gzip)
            throws IOException {
        double[] stored = valuesFor(type);
        NiftiFixture f = NiftiFixture.of(type.code(), stored);
        f.order = order;
        Path file = f.write(dir.resolve("img.nii" + (gzip ? ".gz" : "")));

        NiftiImage image = NiftiReader.read(file);

        NiftiHeader h = image.header();
        assertThat(h.byteOrder()).isEqualTo(order);
        assertThat(h.dataType()).isEqualTo(type);
        assertThat(h.magic()).isEqualTo("n+1");
        assertThat(h.dims()).containsExactly(3, 4, 2);
        assertThat(h.voxOffset()).isEqualTo(352);
        assertThat(image.spacing()).containsExactly(0.75, 0.800000011920929, 2.5);
        float[] expected = new float[stored.length];
        for (int i = 0; i < stored.length; i++) {
            expected[i] = (float) stored[i];
        }
        assertThat(image.toArray()).containsExactly(expected);
        // File order: x fastest.
        Volume v = image.toVolume();
        assertThat(v.get(1, 0, 0)).isEqualTo(expected[1]);
        assertThat(v.get(0, 1, 0)).isEqualTo(expected[3]);
        assertThat(v.get(0, 0, 1)).isEqualTo(expected[12]);
        assertThat(v.get(2, 3, 1)).isEqualTo(expected[23]);
    }

    @Test
    void appliesSlopeAndIntercept() throws IOException {
        NiftiFixture f = NiftiFixture.of(4, -1024, 0, 1, 2000).dims(2, 2, 1);
        f.slope = 0.5f;
        f.inter = -100f;
        f.order = ByteOrder.BIG_ENDIAN;
        NiftiImage image = NiftiReader.read(f.write(dir.resolve("scaled.nii.gz")));
        assertThat(image.header().hasScaling()).isTrue();
        assertThat(image.toArray()).containsExactly(-612f, -100f, -99.5f, 900f);
    }

    @Test
    void scalesFloatDataToo() throws IOException {
        NiftiFixture f = NiftiFixture.of(16, 1.5, -2).dims(2, 1, 1);
        f.slope = 2f;
        f.inter = 1f;
        assertThat(NiftiReader.read(f.write(dir.resolve("f.nii"))).toArray()).containsExactly(4f, -3f);
    }

    @Test
    void slopeZeroOrNaNMeansUnscaled() throws IOException {
        for (float slope : new float[] {0f, Float.NaN}) {
            NiftiFixture f = NiftiFixture.of(4, 7, -3).dims(2, 1, 1);
            f.slope = slope;
            f.inter = 50f;
            NiftiImage image = NiftiReader.read(f.write(dir.resolve("u.nii")));
            assertThat(image.header().hasScaling()).isFalse();
            assertThat(image.toArray()).containsExactly(7f, -3f);
        }
    }

    @Test
    void honoursALargerVoxOffset() throws IOException {
        NiftiFixture f = NiftiFixture.of(2, 9, 8, 7).dims(3, 1, 1);
        f.voxOffset = 496; // room for header extensions
        byte[] bytes = f.singleFile();
        Arrays.fill(bytes, 348, 496, (byte) 0x55); // extension bytes must be skipped, not read as voxels
        NiftiImage image = NiftiReader.read(NiftiFixture.write(dir.resolve("ext.nii"), bytes));
        assertThat(image.header().voxOffset()).isEqualTo(496);
        assertThat(image.toArray()).containsExactly(9f, 8f, 7f);
    }

    @Test
    void readsHdrImgPairsThroughEitherFile() throws IOException {
        for (String img : new String[] {"pair.img", "pair.img.gz"}) {
            Path sub = Files.createDirectories(dir.resolve(img.replace('.', '_')));
            NiftiFixture f = NiftiFixture.of(512, 1, 2, 60000, 4).dims(2, 2, 1);
            f.magic = "ni1";
            f.voxOffset = 0;
            f.order = ByteOrder.BIG_ENDIAN;
            NiftiFixture.write(sub.resolve("pair.hdr"), f.header());
            NiftiFixture.write(sub.resolve(img), f.body());

            for (Path p : new Path[] {sub.resolve("pair.hdr"), sub.resolve(img)}) {
                NiftiImage image = NiftiReader.read(p);
                assertThat(image.header().magic()).isEqualTo("ni1");
                assertThat(image.header().isSingleFile()).isFalse();
                assertThat(image.toArray()).containsExactly(1f, 2f, 60000f, 4f);
            }
        }
    }

    @Test
    void seriesSplitIntoVolumes() throws IOException {
        double[] stored = new double[2 * 2 * 1 * 3];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = i;
        }
        NiftiImage image = NiftiReader.read(NiftiFixture.of(4, stored).dims(2, 2, 1, 3).write(dir.resolve("s.nii")));
        assertThat(image.volumeCount()).isEqualTo(3);
        assertThat(image.get(1, 0, 0, 2)).isEqualTo(9f);
        assertThat(image.volume(2).toArray()).containsExactly(8f, 9f, 10f, 11f);
        assertThatThrownBy(image::toVolume).isInstanceOf(IllegalStateException.class).hasMessageContaining("3 volumes");
    }

    @Test
    void readsHeaderOnly() throws IOException {
        NiftiFixture f = NiftiFixture.of(64, 1, 2).dims(1, 2, 1);
        f.pixdim = new float[] {-1.5f, 0f, Float.NaN};
        NiftiHeader h = NiftiReader.readHeader(f.write(dir.resolve("h.nii.gz")));
        assertThat(h.dataType()).isEqualTo(NiftiDataType.FLOAT64);
        assertThat(h.dataBytes()).isEqualTo(16);
        assertThat(h.spacing()).containsExactly(1.5, 1.0, 1.0);
    }

    // ---- bad input: each names the file and the problem ----

    private void assertFails(Path file, String... fragments) {
        assertThatThrownBy(() -> NiftiReader.read(file))
                .isInstanceOf(VolumeDataException.class)
                .hasMessageStartingWith(file.toString() + ": ")
                .hasMessageContainingAll(fragments)
                .satisfies(e -> assertThat(((VolumeDataException) e).file()).isEqualTo(file));
    }

    @Test
    void badSizeofHdr() {
        NiftiFixture f = NiftiFixture.of(2, new double[24]);
        f.sizeofHdr = 1234;
        assertFails(f.write(dir.resolve("bad.nii")), "bad header", "sizeof_hdr", "expected 348");
    }

    @Test
    void niftiTwo() {
        NiftiFixture f = NiftiFixture.of(2, new double[24]);
        f.sizeofHdr = 540;
        assertFails(f.write(dir.resolve("two.nii")), "NIfTI-2", "not supported");
    }

    @Test
    void wrongMagic() {
        NiftiFixture f = NiftiFixture.of(2, new double[24]);
        f.magic = "n+2";
        assertFails(f.write(dir.resolve("magic.nii.gz")), "wrong magic \"n+2\\x00\"");
        f.magic = "";
        assertFails(f.write(dir.resolve("analyze.nii")), "wrong magic", "Analyze");
    }

    @Test
    void unsupportedDatatype() {
        assertFails(NiftiFixture.of(32, new double[24]).write(dir.resolve("complex.nii")),
                "unsupported datatype complex64 (32)");
        assertFails(NiftiFixture.of(1024, new double[24]).write(dir.resolve("int64.nii")),
                "unsupported datatype int64 (1024)");
    }

    @Test
    void badDimensions() {
        NiftiFixture f = NiftiFixture.of(2, new double[0]).dims(3, 0, 2);
        assertFails(f.write(dir.resolve("zero.nii")), "bad header", "dim[2] is 0");
        NiftiFixture g = NiftiFixture.of(2, new double[0]).dims(new int[8]);
        assertFails(g.write(dir.resolve("rank.nii")), "dim[0] is 8");
    }

    @Test
    void voxOffsetInsideHeader() {
        NiftiFixture f = NiftiFixture.of(2, new double[24]);
        f.voxOffset = 100;
        assertFails(f.write(dir.resolve("offset.nii")), "vox_offset 100.0 lies inside the header");
    }

    @Test
    void truncatedBody() {
        NiftiFixture f = NiftiFixture.of(4, new double[24]);
        byte[] bytes = Arrays.copyOf(f.singleFile(), 352 + 20);
        assertFails(NiftiFixture.write(dir.resolve("short.nii"), bytes),
                "truncated body", "expected 48 bytes", "found 20");
        assertFails(NiftiFixture.write(dir.resolve("short.nii.gz"), bytes), "truncated body", "found 20");
    }

    @Test
    void truncatedHeader() {
        byte[] bytes = Arrays.copyOf(NiftiFixture.of(2, new double[24]).singleFile(), 200);
        assertFails(NiftiFixture.write(dir.resolve("stub.nii"), bytes), "truncated header", "200 bytes");
    }

    @Test
    void cutGzipStream() throws IOException {
        byte[] gz = NiftiFixture.gzip(NiftiFixture.of(16, new double[24]).singleFile());
        Path file = dir.resolve("cut.nii.gz");
        Files.write(file, Arrays.copyOf(gz, gz.length - 12)); // drops the trailer and some data
        assertThatThrownBy(() -> NiftiReader.read(file)).isInstanceOf(VolumeDataException.class)
                .hasMessageStartingWith(file + ": ").hasMessageContaining("truncated");
    }

    @Test
    void missingFiles() {
        assertFails(dir.resolve("absent.nii"), "no such file");
        NiftiFixture f = NiftiFixture.of(2, new double[24]);
        f.magic = "ni1";
        f.voxOffset = 0;
        Path hdr = NiftiFixture.write(dir.resolve("lonely.hdr"), f.header());
        assertFails(hdr, "the .img file of this pair is missing");
        assertFails(f.write(dir.resolve("pairmagic.nii")), "magic ni1", "separate .img file");
    }
}
