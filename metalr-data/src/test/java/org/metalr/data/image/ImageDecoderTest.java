package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.metalr.data.BadInputException;
import org.metalr.data.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding of each format written by javax.imageio, and each kind of bad file. */
class ImageDecoderTest {

    @TempDir
    Path dir;

    @Test
    void decodesEightBitRgbPngExactly() {
        Path file = SampleImages.writeRgb(dir.resolve("a.png"), 5, 4, 3, "png");
        FloatImage image = ImageDecoder.decode(file);
        assertThat(image.channels()).isEqualTo(3);
        assertThat(image.height()).isEqualTo(4);
        assertThat(image.width()).isEqualTo(5);
        int p = SampleImages.rgb(2, 1, 3);
        assertThat(image.get(0, 1, 2)).isEqualTo(((p >> 16) & 0xFF) / 255f);
        assertThat(image.get(1, 1, 2)).isEqualTo(((p >> 8) & 0xFF) / 255f);
        assertThat(image.get(2, 1, 2)).isEqualTo((p & 0xFF) / 255f);
    }

    @Test
    void decodesSixteenBitGreyPngOverFullRange() {
        BufferedImage grey16 = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        int[] values = {0, 1, 257, 32768, 65534, 65535};
        for (int i = 0; i < values.length; i++) {
            grey16.getRaster().setSample(i % 3, i / 3, 0, values[i]);
        }
        FloatImage image = ImageDecoder.decode(SampleImages.write(grey16, "png", dir.resolve("g16.png")));
        assertThat(image.channels()).isEqualTo(1);
        for (int i = 0; i < values.length; i++) {
            assertThat(image.get(0, i / 3, i % 3)).isEqualTo(values[i] / 65535f);
        }
    }

    @Test
    void decodesSixteenBitRgbPng() {
        java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), new int[] {16, 16, 16},
                false, false, java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT);
        BufferedImage rgb16 = new BufferedImage(cm, cm.createCompatibleWritableRaster(2, 1), false, null);
        rgb16.getRaster().setPixel(0, 0, new int[] {65535, 1, 40000});
        rgb16.getRaster().setPixel(1, 0, new int[] {0, 65534, 300});
        FloatImage image = ImageDecoder.decode(SampleImages.write(rgb16, "png", dir.resolve("rgb16.png")));
        assertThat(image.channels()).isEqualTo(3);
        assertThat(image.data()).containsExactly(1f, 0f, 1 / 65535f, 65534 / 65535f, 40000 / 65535f, 300 / 65535f);
    }

    @Test
    void greyBecomesThreeEqualChannelsWhenAsked() {
        Path file = SampleImages.writeGrey(dir.resolve("g.png"), 6, 5, 7);
        FloatImage grey = ImageDecoder.decode(file);
        assertThat(grey.channels()).isEqualTo(1);
        FloatImage rgb = ImagePipeline.builder(3, 5, 6).build().apply(grey, new SeededRandom(0));
        assertThat(rgb.channels()).isEqualTo(3);
        float[] d = rgb.data();
        int plane = 30;
        assertThat(Arrays.copyOfRange(d, 0, plane)).isEqualTo(grey.data())
                .isEqualTo(Arrays.copyOfRange(d, plane, 2 * plane)).isEqualTo(Arrays.copyOfRange(d, 2 * plane, 3 * plane));
        assertThat(grey.get(0, 2, 3)).isEqualTo(((3 * 16 + 2 * 3 + 7) & 0xFF) / 255f);
    }

    @Test
    void decodesBmpExactlyAndJpegClosely() {
        FloatImage bmp = ImageDecoder.decode(SampleImages.writeRgb(dir.resolve("a.bmp"), 7, 5, 1, "bmp"));
        int p = SampleImages.rgb(6, 4, 1);
        assertThat(bmp.get(0, 4, 6)).isEqualTo(((p >> 16) & 0xFF) / 255f);
        assertThat(bmp.get(2, 4, 6)).isEqualTo((p & 0xFF) / 255f);

        BufferedImage flat = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                flat.setRGB(x, y, 0x80_40_C0);
            }
        }
        FloatImage jpeg = ImageDecoder.decode(SampleImages.write(flat, "jpeg", dir.resolve("a.jpg")));
        assertThat(jpeg.channels()).isEqualTo(3);
        assertThat(jpeg.get(0, 8, 8)).isCloseTo(0x80 / 255f, org.assertj.core.data.Offset.offset(4f / 255));
        assertThat(jpeg.get(2, 8, 8)).isCloseTo(0xC0 / 255f, org.assertj.core.data.Offset.offset(4f / 255));

        BufferedImage greyJpeg = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(ImageDecoder.decode(SampleImages.write(greyJpeg, "jpeg", dir.resolve("g.jpeg"))).channels()).isEqualTo(1);
    }

    @Test
    void recognisesTheFormatByContentNotExtension() throws IOException {
        Path png = SampleImages.png(dir.resolve("x.png"), 2);
        Path misnamed = Files.copy(png, dir.resolve("x.jpg"));
        assertThat(ImageDecoder.decode(misnamed).data()).isEqualTo(ImageDecoder.decode(png).data());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.png");
        assertThatThrownBy(() -> ImageDecoder.decode(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": file not found");
    }

    @Test
    void emptyFile() {
        Path file = SampleImages.bytes(dir.resolve("empty.png"), new byte[0]);
        assertThatThrownBy(() -> ImageDecoder.decode(file)).hasMessage(file + ": empty file");
    }

    @Test
    void textFileNamedAsImage() {
        Path file = SampleImages.bytes(dir.resolve("notes.png"), "hello world".getBytes());
        assertThatThrownBy(() -> ImageDecoder.decode(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": not a PNG, JPEG, BMP or DICOM image (starts with bytes 68 65 6c 6c 6f 20 77 6f)");
    }

    @Test
    void unsupportedFormatIsNamed() {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED);
        Path gif = SampleImages.write(image, "gif", dir.resolve("a.png"));
        assertThatThrownBy(() -> ImageDecoder.decode(gif))
                .hasMessage(gif + ": unsupported image format GIF (supported: PNG, JPEG, BMP, DICOM)");
    }

    @Test
    void truncatedPng() throws IOException {
        Path file = truncate(SampleImages.writeRgb(dir.resolve("t.png"), 32, 32, 5, "png"));
        assertThatThrownBy(() -> ImageDecoder.decode(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": truncated PNG data (IDAT chunk cut short)");
    }

    @Test
    void corruptPngData() throws IOException {
        Path file = SampleImages.writeRgb(dir.resolve("c.png"), 32, 32, 5, "png");
        byte[] b = Files.readAllBytes(file);
        for (int i = b.length / 2; i < b.length / 2 + 40; i++) {
            b[i] ^= 0x5A;
        }
        Files.write(file, b);
        assertThatThrownBy(() -> ImageDecoder.decode(file))
                .hasMessage(file + ": corrupt PNG data (CRC mismatch in IDAT chunk)");
    }

    @Test
    void pngCutAfterItsPixelsIsTruncated() throws IOException {
        // javax.imageio alone decodes this file without complaint.
        Path file = SampleImages.png(dir.resolve("cut.png"), 1);
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, b.length - 12));
        assertThatThrownBy(() -> ImageDecoder.decode(file))
                .hasMessage(file + ": truncated PNG data (the file ends before its IEND chunk)");
    }

    @Test
    void pngWithValidChunksButBadPixelStreamIsCorrupt() throws IOException {
        Path file = SampleImages.writeRgb(dir.resolve("z.png"), 32, 32, 5, "png");
        byte[] b = Files.readAllBytes(file);
        int idat = indexOf(b, "IDAT".getBytes());
        int length = ((b[idat - 4] & 0xFF) << 24) | ((b[idat - 3] & 0xFF) << 16) | ((b[idat - 2] & 0xFF) << 8) | (b[idat - 1] & 0xFF);
        for (int i = idat + 4 + length / 2; i < idat + 4 + length / 2 + 30; i++) {
            b[i] ^= 0x5A;
        }
        CRC32 crc = new CRC32();
        crc.update(b, idat, 4 + length);
        putInt(b, idat + 4 + length, (int) crc.getValue());
        Files.write(file, b);
        assertThatThrownBy(() -> ImageDecoder.decode(file))
                .hasMessageStartingWith(file + ": cannot decode PNG data (Error reading PNG image data");
    }

    private static int indexOf(byte[] b, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= b.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (b[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void truncatedJpegIsAnErrorNotAGreyImage() throws IOException {
        // Cut inside the scan data: javax.imageio only warns here and returns a partly grey image.
        Path file = truncate(SampleImages.writeRgb(dir.resolve("t.jpg"), 96, 96, 5, "jpeg"));
        assertThatThrownBy(() -> ImageDecoder.decode(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": corrupt or truncated JPEG data (")
                .hasMessageContaining("Truncated File");
    }

    @Test
    void truncatedBmp() throws IOException {
        Path file = truncate(SampleImages.writeRgb(dir.resolve("t.bmp"), 32, 32, 5, "bmp"));
        assertThatThrownBy(() -> ImageDecoder.decode(file))
                .hasMessage(file + ": truncated BMP data (unexpected end of file)");
    }

    @Test
    void absurdHeaderSizeIsRefusedBeforeAllocating() throws IOException {
        Path file = SampleImages.png(dir.resolve("huge.png"), 0);
        byte[] b = Files.readAllBytes(file);
        // IHDR data starts at byte 16: width, height (big-endian), then its CRC at byte 29.
        putInt(b, 16, 100_000);
        putInt(b, 20, 100_000);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17);
        putInt(b, 29, (int) crc.getValue());
        Files.write(file, b);
        assertThatThrownBy(() -> ImageDecoder.decode(file))
                .hasMessageStartingWith(file + ": PNG header claims 100000x100000 pixels");
    }

    @Test
    void readerStillWorksAfterABadFile() throws IOException {
        Path bad = truncate(SampleImages.writeRgb(dir.resolve("t.jpg"), 32, 32, 5, "jpeg"));
        Path good = SampleImages.writeRgb(dir.resolve("g.jpg"), 32, 32, 5, "jpeg");
        assertThatThrownBy(() -> ImageDecoder.decode(bad)).isInstanceOf(BadInputException.class);
        assertThat(ImageDecoder.decode(good).width()).isEqualTo(32);
    }

    private static Path truncate(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, b.length / 2));
        return file;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
