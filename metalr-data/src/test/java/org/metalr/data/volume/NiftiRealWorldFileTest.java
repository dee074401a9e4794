package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads NIfTI files written by other software (nibabel's test data) and compares with the values nibabel
 * itself reads from them, recorded by {@code src/test/python/nibabel_expected.py}.
 */
class NiftiRealWorldFileTest {

    private static final String FOLDER = "nibabel/";

    private static Properties expected() throws IOException {
        Properties p = new Properties();
        try (InputStream in = NiftiRealWorldFileTest.class.getResourceAsStream(FOLDER + "expected.properties")) {
            assertThat(in).as("expected.properties fixture").isNotNull();
            p.load(in);
        }
        return p;
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(NiftiRealWorldFileTest.class.getResource(FOLDER + name).toURI());
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] doubles(String csv) {
        return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anatomical.nii", "functional.nii", "standard.nii.gz"})
    void matchesNibabel(String name) throws Exception {
        Properties e = expected();
        String p = name + ".";
        NiftiImage image = NiftiReader.read(fixture(name));
        NiftiHeader h = image.header();

        assertThat(h.magic()).isEqualTo(e.getProperty(p + "magic"));
        assertThat(h.byteOrder().toString()).isEqualTo(e.getProperty(p + "byteOrder"));
        assertThat(h.dataType().code()).isEqualTo(Integer.parseInt(e.getProperty(p + "datatype")));
        assertThat(h.bitpix()).isEqualTo(Integer.parseInt(e.getProperty(p + "bitpix")));
        assertThat(h.dims()).containsExactly(ints(e.getProperty(p + "dims")));
        assertThat(image.dims()).containsExactly(ints(e.getProperty(p + "shape")));
        double[] pixdim = doubles(e.getProperty(p + "pixdim"));
        for (int i = 0; i < pixdim.length; i++) {
            assertThat((double) h.pixdim()[i]).isEqualTo(pixdim[i]);
        }
        assertThat(image.spacing()).containsExactly(doubles(e.getProperty(p + "zooms")));
        assertThat(h.voxOffset()).isEqualTo(Long.parseLong(e.getProperty(p + "voxOffset")));
        assertThat((double) h.sclSlope()).isEqualTo(Double.parseDouble(e.getProperty(p + "sclSlope")));
        assertThat((double) h.sclInter()).isEqualTo(Double.parseDouble(e.getProperty(p + "sclInter")));

        // nibabel scales in float64, this reader stores float32: compare to float32 precision.
        float[] data = image.toArray();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : data) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double expectedSum = Double.parseDouble(e.getProperty(p + "sum"));
        assertThat(sum).isCloseTo(expectedSum, within(Math.abs(expectedSum) * 1e-6));
        assertThat(min).isCloseTo(Double.parseDouble(e.getProperty(p + "min")), within(1e-3));
        assertThat(max).isCloseTo(Double.parseDouble(e.getProperty(p + "max")), within(1e-3));
        for (String point : e.getProperty(p + "points").split(";")) {
            String[] kv = point.split("=");
            double value = Double.parseDouble(kv[1]);
            assertThat((double) image.get(ints(kv[0]))).as(name + " at " + kv[0])
                    .isCloseTo(value, within(Math.max(1e-6, Math.abs(value) * 1e-6)));
        }
    }
}
