package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.data.BadInputException;
import org.metalr.data.ScanOptions;

/**
 * The header check every image gets before a run starts: the bad files of the input corpus (empty, text
 * named .png, truncated, CMYK, a decompression bomb, a dangling link) are refused naming the file, the
 * supported encodings pass, and a strict folder scan refuses the first bad file before any decode.
 */
class ImageHeadersTest {

    @TempDir
    Path dir;

    @Test
    void goodEncodingsPass() {
        ImageHeaders.check(SampleImages.writeRgb(dir.resolve("rgb.png"), 8, 6, 1, "png"));
        ImageHeaders.check(SampleImages.writeGrey(dir.resolve("grey.png"), 8, 6, 2));
        ImageHeaders.check(SampleImages.writeRgb(dir.resolve("rgb.jpg"), 8, 6, 3, "jpeg"));
        ImageHeaders.check(SampleImages.writeRgb(dir.resolve("rgb.bmp"), 8, 6, 4, "bmp"));
    }

    @Test
    void anEmptyFileIsRefused() {
        Path f = SampleImages.bytes(dir.resolve("empty.png"), new byte[0]);
        assertThatThrownBy(() -> ImageHeaders.check(f)).isInstanceOf(BadInputException.class)
                .hasMessage(f + ": empty file");
    }

    @Test
    void textNamedAsAnImageIsRefused() {
        Path f = SampleImages.bytes(dir.resolve("notes.png"), "<html>hello</html>".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ImageHeaders.check(f)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(f + ": not a PNG, JPEG, BMP or DICOM image");
    }

    @Test
    void truncatedFilesAreRefused() throws IOException {
        Path png = SampleImages.writeRgb(dir.resolve("cut.png"), 8, 6, 1, "png");
        byte[] b = Files.readAllBytes(png);
        Files.write(png, Arrays.copyOf(b, b.length - 20));
        assertThatThrownBy(() -> ImageHeaders.check(png)).isInstanceOf(BadInputException.class)
                .hasMessage(png + ": truncated PNG data (IDAT chunk cut short)");
        Path jpg = SampleImages.writeRgb(dir.resolve("cut.jpg"), 8, 6, 1, "jpeg");
        byte[] j = Files.readAllBytes(jpg);
        Files.write(jpg, Arrays.copyOf(j, j.length - 10));
        assertThatThrownBy(() -> ImageHeaders.check(jpg)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(jpg + ": truncated JPEG data");
    }

    @Test
    void aCmykJpegIsRefusedNamingItsColourModel() throws IOException {
        // SOI, a baseline frame header of 4 components (CMYK), EOI: what a CMYK scan's header says.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(0xFFD8);
        out.writeShort(0xFFC0);
        out.writeShort(8 + 3 * 4);
        out.writeByte(8);
        out.writeShort(6);
        out.writeShort(8);
        out.writeByte(4);
        for (int c = 1; c <= 4; c++) {
            out.writeByte(c);
            out.writeByte(0x11);
            out.writeByte(0);
        }
        out.writeShort(0xFFD9);
        Path f = SampleImages.bytes(dir.resolve("cmyk.jpg"), bytes.toByteArray());
        assertThatThrownBy(() -> ImageHeaders.check(f)).isInstanceOf(BadInputException.class)
                .hasMessage(f + ": unsupported JPEG colour model with 4 components (CMYK or YCCK); only grey and RGB are"
                        + " supported: convert it to RGB");
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeader() throws IOException {
        Path f = SampleImages.bytes(dir.resolve("bomb.png"), png(100_000, 100_000));
        assertThat(Files.size(f)).isLessThan(100);
        assertThatThrownBy(() -> ImageHeaders.check(f)).isInstanceOf(BadInputException.class)
                .hasMessage(f + ": PNG header claims 100000x100000 pixels, more than the " + ImageHeaders.MAX_PIXELS
                        + " allowed (a decompression bomb, or an image to downscale first)");
        assertThatThrownBy(() -> ImageDecoder.decode(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("more than the " + ImageHeaders.MAX_PIXELS + " allowed");
        ImageHeaders.check(SampleImages.bytes(dir.resolve("small.png"), png(9459, 9459)));
    }

    @Test
    void aDanglingSymbolicLinkIsRefused() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("gone.png"), dir.resolve("nowhere.png"));
        assertThatThrownBy(() -> ImageHeaders.check(link)).isInstanceOf(BadInputException.class)
                .hasMessage(link + ": broken symbolic link (to " + dir.resolve("nowhere.png") + ", which does not exist)");
    }

    @Test
    void aStrictScanRefusesTheFirstBadFileBeforeDecodingAny() throws IOException {
        for (int i = 0; i < 4; i++) {
            SampleImages.png(dir.resolve("root/a/" + i + ".png"), i);
        }
        Path bomb = SampleImages.bytes(dir.resolve("root/a/2.png"), png(50_000, 50_000));
        SampleImages.bytes(dir.resolve("root/a/3.png"), new byte[0]);
        assertThatThrownBy(() -> ImageFolder.scan(dir.resolve("root"), ScanOptions.strict()))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith(bomb + ": PNG header claims 50000x50000");
    }

    /** A PNG whose header claims {@code width x height} grey pixels, with one tiny IDAT chunk: every CRC right. */
    static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 0, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
