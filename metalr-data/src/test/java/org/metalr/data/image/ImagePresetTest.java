package org.metalr.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.UserInputException;
import org.metalr.data.Sample;
import org.metalr.data.SeededRandom;
import org.metalr.data.Uint8Image;
import org.metalr.data.dicom.DicomWindow;

/**
 * The presets' pipelines (their evaluation transform is checked against torchvision in
 * {@link TransformParityTest}), and images held in memory entering the pipeline as PNGs do.
 */
class ImagePresetTest {

    @TempDir
    Path tmp;

    @Test
    void imagenetTrainsOnCropsOfTheDecodedImageAndEvaluatesOnTheCentreCrop() {
        ImagePipeline train = ImagePreset.IMAGENET.builder(3, 8, true)
                .normalize(ImagePreset.IMAGENET.normalization()).build();
        FloatImage decoded = ImageDecoder.decode(SampleImages.writeRgb(tmp.resolve("a.png"), 30, 20, 1, "png"));

        assertThat(train.preparesOutputSize()).as("crops come from the decoded image").isFalse();
        FloatImage prepared = train.prepare(decoded);
        assertThat(new int[] {prepared.height(), prepared.width()}).containsExactly(20, 30);
        float[] out = new float[3 * 8 * 8];
        train.finish(prepared, new SeededRandom(3), out, 0);

        ImagePipeline eval = train.withoutAugmentation();
        assertThat(eval.preparesOutputSize()).isTrue();
        FloatImage centre = eval.prepare(decoded);
        // Resize(round(8 * 256 / 224) = 9): 20x30 -> 9x13, then the central 8x8 from row 0, column 2.
        assertThat(new int[] {centre.height(), centre.width()}).containsExactly(8, 8);
        FloatImage resized = Resize.apply(decoded, 9, 13);
        assertThat(centre.get(1, 0, 0)).isEqualTo(resized.get(1, 0, 2));
        assertThat(centre.get(2, 7, 7)).isEqualTo(resized.get(2, 7, 9));
        assertThat(out).isNotEqualTo(eval.apply(decoded, new SeededRandom(3)).data());
    }

    @Test
    void theSettingsRecordEveryResolvedValue() {
        Map<String, Object> imagenet = ImagePreset.IMAGENET.builder(3, 224, true)
                .normalize(ImagePreset.IMAGENET.normalization()).dicomWindow(DicomWindow.linear(40, 400)).build()
                .settings();
        assertThat(imagenet).containsEntry("channels", 3).containsEntry("imageSize", 224).containsEntry("resize", 256)
                .containsEntry("augment", true).containsEntry("flip", 0.5).containsEntry("dicomWindow", "40,400");
        assertThat((float[]) imagenet.get("mean")).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat((float[]) imagenet.get("std")).containsExactly(0.229f, 0.224f, 0.225f);
        assertThat(imagenet.get("randomResizedCrop")).isEqualTo(Map.of("scale", List.of(0.08, 1.0),
                "ratio", List.of(0.75, 4.0 / 3), "from", "decoded"));

        Map<String, Object> paper = ImagePipeline.pocusPaper().settings();
        assertThat(paper).containsEntry("imageSize", 64).containsEntry("resize", null).containsEntry("dicomWindow", null);
        assertThat(paper.get("randomResizedCrop")).isEqualTo(Map.of("scale", List.of(0.8, 1.0),
                "ratio", List.of(0.8, 1.25), "from", "resized"));
        assertThat(ImagePipeline.pocusPaper().withoutAugmentation().settings()).containsEntry("augment", false)
                .doesNotContainKey("randomResizedCrop");
    }

    @Test
    void presetsAreNamedAsUsersSpellThem() {
        assertThat(ImagePreset.named(" ImageNet")).isEqualTo(ImagePreset.IMAGENET);
        assertThat(ImagePreset.PAPER.id()).isEqualTo("paper");
        assertThat(ImagePreset.PAPER.resizeFor(64)).isEmpty();
        assertThat(ImagePreset.IMAGENET.resizeFor(224)).contains(256);
        assertThatThrownBy(() -> ImagePreset.named("coco")).isInstanceOf(UserInputException.class)
                .hasMessage("unknown preset 'coco'; expected imagenet or paper");
    }

    @Test
    void anInMemoryImageDecodesAsThePngOfItsPixels() {
        int h = 5;
        int w = 7;
        byte[] rgb = new byte[h * w * 3];
        byte[] grey = new byte[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = SampleImages.rgb(x, y, 4);
                rgb[(y * w + x) * 3] = (byte) (p >> 16);
                rgb[(y * w + x) * 3 + 1] = (byte) (p >> 8);
                rgb[(y * w + x) * 3 + 2] = (byte) p;
                grey[y * w + x] = (byte) ((x * 16 + y * 3 + 9) & 0xFF);
            }
        }
        FloatImage fromPng = ImageDecoder.decode(SampleImages.writeRgb(tmp.resolve("rgb.png"), w, h, 4, "png"));
        FloatImage fromArray = ImageDecoder.decode(new Uint8Image("x.npz images[0]", h, w, 3, rgb));
        assertThat(fromArray.channels()).isEqualTo(3);
        assertThat(fromArray.data()).containsExactly(fromPng.data());

        Sample sample = new Sample(tmp.resolve("x.npz"), 1, new Uint8Image("x.npz images[1]", h, w, 1, grey));
        ImagePipeline pipeline = ImagePipeline.builder(1, h, w).build();
        assertThat(pipeline.decode(sample).data())
                .containsExactly(ImageDecoder.decode(SampleImages.writeGrey(tmp.resolve("g.png"), w, h, 9)).data());
        assertThat(sample.inMemory()).isTrue();
        assertThat(sample.name()).isEqualTo("x.npz images[1]");
        assertThatThrownBy(() -> new Uint8Image("x", 2, 2, 3, new byte[11])).hasMessageContaining("needs 12 bytes");
    }
}
