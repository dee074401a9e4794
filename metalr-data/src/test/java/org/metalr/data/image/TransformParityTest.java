package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the transforms with torchvision 0.14's tensor transforms on the golden files written by
 * {@code src/test/python/make_transform_fixtures.py}.
 */
class TransformParityTest {

    /**
     * Resizing may differ from PyTorch's kernel by an ulp or two (its float evaluation order is not
     * visible from Python); decoding, flip, normalisation and greyscale must match exactly.
     */
    private static final float RESIZE_TOLERANCE = 3e-7f;
    /** JPEG decoders (libjpeg in PIL, javax.imageio) may round the inverse DCT differently. */
    private static final float JPEG_TOLERANCE = 3f / 255;

    record Fixture(String name, String[] op, int[] shape, float[] data) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Fixture> fixtures() throws IOException {
        String text;
        try (InputStream in = TransformParityTest.class.getResourceAsStream("transform_fixtures.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Fixture> out = new ArrayList<>();
        String name = null;
        String[] op = null;
        int[] shape = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("case ")) {
                name = line.substring(5);
            } else if (line.startsWith("op ")) {
                op = line.substring(3).split(" ");
            } else if (line.startsWith("shape ")) {
                shape = Arrays.stream(line.substring(6).split(" ")).mapToInt(Integer::parseInt).toArray();
            } else if (line.startsWith("data ")) {
                String[] values = line.substring(5).split(" ");
                float[] data = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    data[i] = Float.parseFloat(values[i]);
                }
                out.add(new Fixture(name, op, shape, data));
            }
        }
        return out;
    }

    static Stream<Fixture> imageCases() throws IOException {
        return fixtures().stream().filter(f -> !f.op()[0].equals("rrc_fallback"));
    }

    static Stream<Fixture> fallbackCases() throws IOException {
        return fixtures().stream().filter(f -> f.op()[0].equals("rrc_fallback"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageCases")
    void matchesTorchvision(Fixture f) throws IOException {
        FloatImage actual = run(f.op());
        assertThat(new int[] {actual.channels(), actual.height(), actual.width()}).as(f.name()).isEqualTo(f.shape());
        String op = f.op()[0];
        // The ImageNet pipeline divides a resize's ulp by a std down to 0.224.
        float tolerance = f.name().equals("decode_jpeg") ? JPEG_TOLERANCE
                : op.equals("imagenet_eval") ? RESIZE_TOLERANCE / 0.224f
                : op.equals("decode") || op.equals("hflip") || op.equals("normalize") || op.equals("grayscale") ? 0f
                : RESIZE_TOLERANCE;
        float[] got = actual.data();
        float worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - f.data()[i]));
        }
        assertThat(worst).as("%s: largest difference from torchvision", f.name()).isLessThanOrEqualTo(tolerance);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fallbackCases")
    void randomResizedCropFallbackMatchesTorchvision(Fixture f) {
        String[] a = f.op();
        int h = Integer.parseInt(a[1]);
        int w = Integer.parseInt(a[2]);
        RandomResizedCrop crop = new RandomResizedCrop(Double.parseDouble(a[3]), Double.parseDouble(a[4]),
                Double.parseDouble(a[5]), Double.parseDouble(a[6]));
        // Scale 4-5 never fits, so all ten tries fail and the central fallback is used.
        CropBox box = crop.sample(h, w, new org.metalr.data.SeededRandom(1));
        assertThat(new float[] {box.top(), box.left(), box.height(), box.width()}).isEqualTo(f.data());
    }

    private static FloatImage run(String[] a) throws IOException {
        FloatImage in = decode(a[1]);
        switch (a[0]) {
            case "decode":
                return in;
            case "resize":
                return Resize.apply(in, Integer.parseInt(a[2]), Integer.parseInt(a[3]));
            case "resized_crop":
                return ResizedCrop.apply(in, new CropBox(Integer.parseInt(a[2]), Integer.parseInt(a[3]),
                        Integer.parseInt(a[4]), Integer.parseInt(a[5])), Integer.parseInt(a[6]), Integer.parseInt(a[7]));
            case "hflip":
                return HorizontalFlip.apply(in);
            case "normalize":
                return new Normalize(floats(a[2]), floats(a[3])).apply(in);
            case "grayscale":
                return Channels.convert(in, 1);
            case "pipeline": {
                ImagePipeline p = ImagePipeline.builder(Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]))
                        .normalize(Normalize.of(Float.parseFloat(a[5]), Float.parseFloat(a[6])))
                        .randomResizedCrop(new RandomResizedCrop(0.5, 1, 0.5, 2))
                        .horizontalFlip(0.5)
                        .build()
                        .withoutAugmentation();
                return p.apply(in, new org.metalr.data.SeededRandom(0));
            }
            case "resize_centre_crop": {
                int crop = Integer.parseInt(a[3]);
                return ImagePipeline.centreCrop(ImagePipeline.resizeShorterSide(in, Integer.parseInt(a[2])), crop, crop);
            }
            case "imagenet_eval": {
                // Grey input enters the 3-channel pipeline as one channel, repeated by the pipeline.
                int crop = Integer.parseInt(a[2]);
                ImagePipeline p = ImagePreset.IMAGENET.builder(3, crop, true)
                        .normalize(ImagePreset.IMAGENET.normalization()).build().withoutAugmentation();
                return p.apply(in, new org.metalr.data.SeededRandom(0));
            }
            default:
                throw new IllegalArgumentException("unknown fixture op " + a[0]);
        }
    }

    private static FloatImage decode(String resource) throws IOException {
        try (InputStream in = TransformParityTest.class.getResourceAsStream(resource)) {
            return ImageDecoder.decode(in.readAllBytes(), Path.of(resource));
        }
    }

    private static float[] floats(String csv) {
        String[] parts = csv.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i]);
        }
        return out;
    }
}
