package org.metalr.data.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.stream.StreamSupport;
import org.metalr.api.UserInputException;
import org.metalr.data.BadInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every DICOM test file against what pydicom reads from it, recorded in {@code expected.json} by
 * {@code src/test/python/make_dicom_fixtures.py}: attributes, every stored value and every modality
 * value (by SHA-256 over all pixels, plus sampled positions), and the rendering of every pixel against
 * a NumPy computation of the same formula (itself checked against pydicom's {@code apply_windowing}),
 * for the file's own window or full range and for an explicit window. Refused files are checked for
 * a message that names the file and the reason (the transfer syntax, for compressed ones).
 */
class DicomPydicomParityTest {

    private static final JsonNode EXPECTED = load();

    /** A float32 rendering against the float64 NumPy reference. */
    private static final double RENDER_TOLERANCE = 1e-6;

    private static JsonNode load() {
        try (InputStream in = DicomPydicomParityTest.class.getResourceAsStream("expected.json")) {
            assertThat(in).as("expected.json fixture").isNotNull();
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> supported() {
        return names("supported");
    }

    static List<String> refused() {
        return names("refused");
    }

    private static List<String> names(String key) {
        return StreamSupport.stream(EXPECTED.get(key).spliterator(), false).map(e -> e.get("file").asText()).toList();
    }

    private static JsonNode entry(String key, String name) {
        for (JsonNode e : EXPECTED.get(key)) {
            if (e.get("file").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no fixture entry for " + name);
    }

    static Path file(String name) {
        try {
            return Path.of(DicomPydicomParityTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supported")
    void attributesMatchPydicom(String name) {
        JsonNode e = entry("supported", name);
        DicomImage image = DicomImage.read(file(name));

        assertThat(image.transferSyntax().uid()).isEqualTo(e.get("transferSyntax").asText());
        assertThat(image.photometric().name()).isEqualTo(e.get("photometric").asText());
        assertThat(image.rows()).isEqualTo(e.get("rows").asInt());
        assertThat(image.columns()).isEqualTo(e.get("columns").asInt());
        assertThat(image.channels()).isEqualTo(e.get("channels").asInt());
        assertThat(image.bitsAllocated()).isEqualTo(e.get("bitsAllocated").asInt());
        assertThat(image.bitsStored()).isEqualTo(e.get("bitsStored").asInt());
        assertThat(image.signed()).isEqualTo(e.get("signed").asBoolean());
        assertThat(image.rescaleSlope()).isEqualTo(e.get("rescaleSlope").asDouble());
        assertThat(image.rescaleIntercept()).isEqualTo(e.get("rescaleIntercept").asDouble());
        assertThat(image.fullRange()).containsExactly(e.get("fullRange").get(0).asDouble(), e.get("fullRange").get(1).asDouble());
        JsonNode w = e.get("fileWindow");
        if (w.isNull()) {
            assertThat(image.fileWindow()).isEmpty();
        } else {
            assertThat(image.fileWindow()).contains(new DicomWindow(w.get(0).asDouble(), w.get(1).asDouble(),
                    DicomWindow.Function.valueOf(w.get(2).asText())));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supported")
    void storedAndModalityValuesMatchPydicomPixelForPixel(String name) {
        JsonNode e = entry("supported", name);
        DicomImage image = DicomImage.read(file(name));
        int[] stored = image.storedValues();
        double[] modality = image.modalityValues();

        ByteBuffer storedBytes = ByteBuffer.allocate(4 * stored.length).order(ByteOrder.LITTLE_ENDIAN);
        Arrays.stream(stored).forEach(storedBytes::putInt);
        assertEveryValue("stored value (int32)", e.get("stored"), image, storedBytes, i -> stored[i]);
        assertThat(Arrays.stream(stored).min().orElseThrow()).isEqualTo(e.get("stored").get("min").asInt());
        assertThat(Arrays.stream(stored).max().orElseThrow()).isEqualTo(e.get("stored").get("max").asInt());

        ByteBuffer modalityBytes = ByteBuffer.allocate(8 * modality.length).order(ByteOrder.LITTLE_ENDIAN);
        Arrays.stream(modality).forEach(modalityBytes::putDouble);
        assertEveryValue("modality value (float64)", e.get("modality"), image, modalityBytes, i -> modality[i]);
    }

    /** The SHA-256 of every value, little endian {@code [C, H, W]}, and the values at the sampled positions. */
    private static void assertEveryValue(String what, JsonNode e, DicomImage image, ByteBuffer littleEndian, IntToDoubleFunction value) {
        assertThat(sha256(littleEndian.array())).as("SHA-256 of every %s", what).isEqualTo(e.get("sha256").asText());
        for (JsonNode s : e.get("samples")) {
            assertThat(value.applyAsDouble(index(image, s))).as("%s at %s", what, s).isEqualTo(s.get(3).asDouble());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supported")
    void renderingMatchesTheNumpyReferencePixelForPixel(String name) {
        DicomImage image = DicomImage.read(file(name));
        double[] modality = image.modalityValues();
        double[] distinct = Arrays.stream(modality).distinct().sorted().toArray();
        for (JsonNode r : entry("supported", name).get("renderings")) {
            JsonNode w = r.get("window");
            DicomWindow window = w.isNull() ? null : DicomWindow.linear(w.get(0).asDouble(), w.get(1).asDouble());
            float[] rendered = image.render(window);
            JsonNode table = r.get("distinct");
            assertThat(table.size()).as("distinct modality values").isEqualTo(distinct.length);
            for (int i = 0; i < rendered.length; i++) {
                double want = table.get(Arrays.binarySearch(distinct, modality[i])).asDouble();
                assertThat((double) rendered[i]).as("pixel %d, modality value %s, window %s", i, modality[i], window)
                        .isCloseTo(want, within(RENDER_TOLERANCE));
            }
            for (JsonNode s : r.get("samples")) {
                assertThat((double) rendered[index(image, s)]).as("rendering at %s, window %s", s, window)
                        .isCloseTo(s.get(3).asDouble(), within(RENDER_TOLERANCE));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedFilesSayWhy(String name) {
        JsonNode e = entry("refused", name);
        Path path = file(name);
        String reason = e.get("reason").asText();
        String[] says = switch (reason) {
            case "compressed" -> new String[] {"compressed DICOM pixel data is not supported",
                "transfer syntax " + e.get("transferSyntax").asText()};
            case "multi-frame" -> new String[] {"multi-frame DICOM images are not supported",
                "Number of Frames (0028,0008) is " + e.get("numberOfFrames").asInt()};
            case "truncated" -> new String[] {"truncated Pixel Data"};
            case "photometric" -> new String[] {"Photometric Interpretation '" + e.get("photometric").asText() + "' is not supported"};
            case "no pixel data" -> new String[] {"no Pixel Data element (7FE0,0010)"};
            default -> throw new AssertionError("unknown reason " + reason);
        };
        assertThatThrownBy(() -> DicomImage.read(path))
                .isInstanceOf(BadInputException.class)
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(path + ": ")
                .hasMessageContainingAll(says);
    }

    private static int index(DicomImage image, JsonNode sample) {
        return (sample.get(0).asInt() * image.rows() + sample.get(1).asInt()) * image.columns() + sample.get(2).asInt();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
