package org.metalr.data.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.data.BadInputException;

/** The reader's rendering rules and its refusals, on files written by {@link TestDicom}. */
class DicomImageTest {

    private static final Path NAME = Path.of("case.dcm");

    private static TestDicom grey3x2() {
        return TestDicom.grey8(3, 2, new byte[] {0, 1, 2, 3, 4, 5});
    }

    /** Values 0, 100, 200, 65535 in a 2x2 16-bit image. */
    private static TestDicom grey16() {
        return TestDicom.grey16(2, 2, new int[] {0, 100, 200, 65535});
    }

    private static float[] render(TestDicom d, DicomWindow window) {
        return DicomImage.read(d.bytes(), NAME).render(window);
    }

    @Test
    void eightBitGreyWithoutAWindowRendersAsAPngOfTheSamePixels() {
        byte[] ramp = new byte[256];
        for (int v = 0; v < 256; v++) {
            ramp[v] = (byte) v;
        }
        float[] rendered = render(TestDicom.grey8(16, 16, ramp), null);
        for (int v = 0; v < 256; v++) {
            assertThat(rendered[v]).as("value %d", v).isEqualTo(v / 255f); // ImageDecoder's 8-bit rule
        }
    }

    @Test
    void theGivenWindowComesBeforeTheFilesOwnWhichComesBeforeTheFullRange() {
        TestDicom withWindow = grey16().text(0x00281050, "DS", "100.5").text(0x00281051, "DS", "101");
        // LINEAR 100.5/101: 0 at or below 50, 1 above 150, 0.5 at 100
        assertThat(render(withWindow, null)).containsExactly(0f, 0.5f, 1f, 1f);
        // LINEAR 200.5/201: 0 at or below 100, 0.5 at 200
        assertThat(render(withWindow, DicomWindow.linear(200.5, 201))).containsExactly(0f, 0f, 0.5f, 1f);
        assertThat(render(grey16(), null)).containsExactly(0f, (float) (100 / 65535.0), (float) (200 / 65535.0), 1f);
    }

    @Test
    void monochrome1IsInvertedAfterWindowing() {
        TestDicom inverted = grey16().text(0x00280004, "CS", "MONOCHROME1");
        assertThat(render(inverted, DicomWindow.linear(200.5, 201))).containsExactly(1f, 1f, 0.5f, 0f);
        assertThat(render(inverted, null)).containsExactly(1f, (float) (1 - 100 / 65535.0), (float) (1 - 200 / 65535.0), 0f);
    }

    @Test
    void rescaleAppliesToTheValuesTheWindowSees() {
        TestDicom ct = grey16().text(0x00281053, "DS", "2").text(0x00281052, "DS", "-1024");
        DicomImage image = DicomImage.read(ct.bytes(), NAME);
        assertThat(image.modalityValues()).containsExactly(-1024, -824, -624, 130046);
        assertThat(image.fullRange()).containsExactly(-1024, 130046);
        // LINEAR 0.5/201 over the modality values -1024, -824, -624, 130046: 0, 0, 0, 1
        assertThat(image.render(DicomWindow.linear(0.5, 201))).containsExactly(0f, 0f, 0f, 1f);
    }

    @Test
    void aRescaleSlopeWithoutAnInterceptIsNotApplied() { // as pydicom's apply_modality_lut
        DicomImage image = DicomImage.read(grey16().text(0x00281053, "DS", "2").bytes(), NAME);
        assertThat(image.rescaleSlope()).isEqualTo(1);
        assertThat(image.modalityValues()).containsExactly(0, 100, 200, 65535);
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.dcm");
        assertThatThrownBy(() -> DicomImage.read(missing)).isInstanceOf(BadInputException.class)
                .hasMessage(missing + ": file not found");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal("an unknown transfer syntax", d -> d.transferSyntax("1.2.3.4"),
                        "unknown DICOM transfer syntax '1.2.3.4'; supported are Implicit VR Little Endian (1.2.840.10008.1.2)"),
                refusal("no Rows", d -> d.remove(0x00280010), "missing Rows (0028,0010)"),
                refusal("no Photometric Interpretation", d -> d.remove(0x00280004), "missing Photometric Interpretation (0028,0004)"),
                refusal("a palette", d -> d.text(0x00280004, "CS", "PALETTE COLOR"),
                        "Photometric Interpretation 'PALETTE COLOR' is not supported (supported: MONOCHROME1, MONOCHROME2, RGB)"),
                refusal("3 samples of grey", d -> d.us(0x00280002, 3), "Samples per Pixel (0028,0002) is 3, but MONOCHROME2 needs 1"),
                refusal("12 bits allocated", d -> d.us(0x00280100, 12), "Bits Allocated (0028,0100) 12 is not supported (supported: 8, 16)"),
                refusal("9 of 8 bits stored", d -> d.us(0x00280101, 9), "Bits Stored (0028,0101) 9 does not fit Bits Allocated 8"),
                refusal("a high bit not at the top", d -> d.us(0x00280102, 6),
                        "High Bit (0028,0102) 6 with Bits Stored 8 is not supported (only High Bit = Bits Stored - 1)"),
                refusal("Pixel Representation 2", d -> d.us(0x00280103, 2), "Pixel Representation (0028,0103) 2 is neither 0"),
                refusal("signed RGB", d -> d.text(0x00280004, "CS", "RGB").us(0x00280002, 3).us(0x00280103, 1)
                        .pixels("OB", new byte[18]), "signed RGB samples (Pixel Representation 1) are not supported"),
                refusal("planar configuration 2", d -> d.text(0x00280004, "CS", "RGB").us(0x00280002, 3).us(0x00280006, 2)
                        .pixels("OB", new byte[18]), "Planar Configuration (0028,0006) 2 is neither 0 nor 1"),
                refusal("too few pixel bytes", d -> d.pixels("OB", new byte[4]),
                        "truncated Pixel Data: 4 bytes, but 3x2x1 samples of 8 bits need 6"),
                refusal("no rows at all", d -> d.us(0x00280010, 0), "empty image: Rows 0, Columns 2"),
                refusal("too many pixels", d -> d.us(0x00280010, 65535).us(0x00280011, 65535),
                        "65535x65535 pixels, more than the 268435456 allowed"),
                refusal("a window center alone", d -> d.text(0x00281050, "DS", "40"),
                        "Window Center (0028,1050) without Window Width (0028,1051)"),
                refusal("a window of width 0", d -> d.text(0x00281050, "DS", "40").text(0x00281051, "DS", "0"),
                        "the file's window (0028,1050)-(0028,1056): window width must be at least 1 for LINEAR, got 0.0"),
                refusal("an unknown VOI LUT function", d -> d.text(0x00281050, "DS", "40").text(0x00281051, "DS", "80")
                        .text(0x00281056, "CS", "CUBIC"), "unknown VOI LUT Function 'CUBIC'"),
                refusal("a slope of 0", d -> d.text(0x00281053, "DS", "0").text(0x00281052, "DS", "1"),
                        "Rescale Slope (0028,1053) is 0"),
                refusal("a slope that is no number", d -> d.text(0x00281053, "DS", "abc").text(0x00281052, "DS", "1"),
                        "Rescale Slope (0028,1053) is not a number: 'abc'"),
                refusal("two frames", d -> d.text(0x00280008, "IS", "2"),
                        "multi-frame DICOM images are not supported: Number of Frames (0028,0008) is 2; only single-frame images are"),
                refusal("a Modality LUT Sequence", d -> d.encoded(0x00283000, sequence(0x00283000, 1)),
                        "a Modality LUT Sequence (0028,3000) is not supported"),
                refusal("float pixel data", d -> d.remove(0x7FE00010).raw(0x7FE00008, "OF", new byte[24]),
                        "float pixel data (7FE0,0008) or (7FE0,0009) is not supported"),
                refusal("no pixel data", d -> d.remove(0x7FE00010), "no Pixel Data element (7FE0,0010): not an image, or a truncated file"),
                refusal("encapsulated pixel data", d -> d.encoded(0x7FE00010, undefinedLength(0x7FE00010, "OB")),
                        "encapsulated (compressed) Pixel Data under the uncompressed transfer syntax Explicit VR Little Endian"),
                refusal("an unknown VR", d -> d.raw(0x00100010, "ZZ", new byte[2]), "unknown VR 'ZZ' of element (0010,0010)"),
                refusal("a text of undefined length", d -> d.encoded(0x00100010, undefinedLength(0x00100010, "UT")),
                        "element (0010,0010) with VR UT has an undefined length"),
                refusal("an item outside a sequence", d -> d.encoded(0x00100010, item()),
                        "unexpected item or delimiter (FFFE,E000)"),
                refusal("sequences nested 40 deep", d -> d.encoded(0x00081140, sequence(0x00081140, 40)),
                        "sequences nested deeper than 32 levels"),
                refusal("a deflated data set that is not deflate data",
                        d -> d.transferSyntax(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid()), "deflated data set"));
    }

    private static Arguments refusal(String what, UnaryOperator<TestDicom> change, String message) {
        return Arguments.of(what, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithAMessageNamingTheFileAndTheProblem(String what, UnaryOperator<TestDicom> change, String message) {
        byte[] bytes = change.apply(grey3x2()).bytes();
        assertThatThrownBy(() -> DicomImage.read(bytes, NAME)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(NAME + ": ").hasMessageContaining(message);
    }

    @Test
    void aFileCutShortAnywhereIsRefusedAsTruncated() {
        byte[] whole = grey3x2().text(0x00100010, "PN", "Test^Patient").bytes();
        for (int length = 140; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> DicomImage.read(cut, NAME)).as("cut at %d of %d bytes", length, whole.length)
                    .isInstanceOf(BadInputException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void bytesThatAreNotDicomAreSaidToBeNoDicomFile() {
        byte[] text = "this is a text file, not a DICOM image".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> DicomImage.read(text, NAME)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a DICOM file (no DICM prefix at byte 128");
    }

    /** {@code depth} sequences of undefined length nested in items of undefined length. */
    private static byte[] sequence(int tag, int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestDicom.header(out, tag, "SQ", 0xFFFFFFFFL);
        TestDicom.header(out, 0xFFFEE000, null, 0xFFFFFFFFL);
        if (depth > 1) {
            out.writeBytes(sequence(0x00081140, depth - 1));
        } else {
            TestDicom.header(out, 0x00080100, "SH", 2);
            out.writeBytes("X ".getBytes(StandardCharsets.US_ASCII));
        }
        TestDicom.header(out, 0xFFFEE00D, null, 0);
        TestDicom.header(out, 0xFFFEE0DD, null, 0);
        return out.toByteArray();
    }

    private static byte[] undefinedLength(int tag, String vr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestDicom.header(out, tag, vr, 0xFFFFFFFFL);
        TestDicom.header(out, 0xFFFEE0DD, null, 0);
        return out.toByteArray();
    }

    private static byte[] item() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestDicom.header(out, 0xFFFEE000, null, 0);
        return out.toByteArray();
    }
}
