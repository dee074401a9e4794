package org.metalr.data.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metalr.api.UserInputException;
import org.metalr.api.registry.Registry;
import org.metalr.data.image.SampleImages;

/**
 * The layouts the module registers, and what they recognise: each sees its own marks in its download's
 * layout and in no other's, so detection finds it and a failing layout can point to the right one.
 */
class LayoutRegistryTest {

    @TempDir
    Path tmp;

    private final Registry<DatasetLayout> layouts = DatasetLayouts.registry();

    @Test
    void everyLayoutTheCommandKnowsIsRegisteredWithAOneLineSummary() {
        assertThat(layouts.names()).containsExactly("busi", "chestxray", "idx", "imagefolder", "lits", "manifest", "medmnist",
                "pocus", "synthetic");
        assertThat(layouts.kind()).isEqualTo("dataset layout");
        for (DatasetLayout layout : layouts.all()) {
            // "  name         summary" must fit the 80 columns of the command's help
            assertThat(layout.summary()).as(layout.name()).isNotBlank().hasSizeLessThanOrEqualTo(64)
                    .doesNotEndWith(".").doesNotContain("\n");
            assertThat(layout.task()).as(layout.name()).isEqualTo(layout.name().equals("lits")
                    ? DatasetLayout.Task.SEGMENTATION : DatasetLayout.Task.CLASSIFICATION);
        }
        assertThatThrownBy(() -> layouts.named("mnist")).isInstanceOf(UserInputException.class)
                .hasMessage("unknown dataset layout 'mnist'; expected one of busi, chestxray, idx, imagefolder, lits,"
                        + " manifest, medmnist, pocus, synthetic");
    }

    /** One folder (or file) in the layout each layout's users download, by the layout's name. */
    private Map<String, Path> downloads() throws IOException {
        Map<String, Path> d = new LinkedHashMap<>();
        Path busi = tmp.resolve("busi");
        SampleImages.png(busi.resolve("Dataset_BUSI_with_GT/benign/benign (1).png"), 1);
        SampleImages.png(busi.resolve("Dataset_BUSI_with_GT/benign/benign (1)_mask.png"), 1);
        d.put("busi", busi);
        Path xray = tmp.resolve("xray");
        for (String split : new String[] {"train", "test"}) {
            SampleImages.png(xray.resolve("chest_xray/" + split + "/NORMAL/IM-1.png"), 1);
            SampleImages.png(xray.resolve("chest_xray/" + split + "/PNEUMONIA/IM-2.png"), 2);
        }
        d.put("chestxray", xray);
        Path folders = tmp.resolve("folders");
        for (String split : new String[] {"train", "test"}) {
            SampleImages.png(folders.resolve(split + "/cat/1.png"), 1);
        }
        d.put("imagefolder", folders);
        d.put("idx", org.metalr.data.idx.IdxFixture.folder(tmp.resolve("fashion"), 2, 2, 2, 2, 2, true));
        Path lits = Files.createDirectories(tmp.resolve("lits/Training Batch 1"));
        Files.write(lits.resolve("volume-0.nii"), new byte[0]);
        Files.write(lits.resolve("segmentation-0.nii"), new byte[0]);
        d.put("lits", tmp.resolve("lits"));
        Path csv = Files.writeString(tmp.resolve("images.csv"), "path,label\n");
        d.put("manifest", csv);
        try {
            d.put("medmnist", Path.of(getClass().getResource("/org/metalr/data/medmnist/grey_stored.npz").toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path pocus = tmp.resolve("pocus");
        SampleImages.png(pocus.resolve("split0/covid/1.png"), 1);
        SampleImages.png(pocus.resolve("split1/regular/2.png"), 2);
        d.put("pocus", pocus);
        Path synthetic = Files.createDirectories(tmp.resolve("synthetic/target/train"));
        Files.writeString(tmp.resolve("synthetic/synthetic.properties"), "format=1\n");
        d.put("synthetic", synthetic.getParent().getParent());
        return d;
    }

    @Test
    void eachDownloadIsRecognisedByItsOwnLayoutAlone() throws IOException {
        for (Map.Entry<String, Path> e : downloads().entrySet()) {
            for (DatasetLayout layout : layouts.all()) {
                Recognition r = layout.recognise(e.getValue());
                if (layout.name().equals(e.getKey())) {
                    assertThat(r.strength()).as(layout.name() + " on its own data").isEqualTo(
                            e.getKey().equals("imagefolder") ? Recognition.Strength.GENERIC : Recognition.Strength.SPECIFIC);
                } else {
                    assertThat(r.strength()).as(layout.name() + " on " + e.getKey())
                            .isNotEqualTo(Recognition.Strength.SPECIFIC);
                }
            }
            assertThat(DatasetLayouts.detect(layouts, e.getValue()).name()).as(e.getKey()).isEqualTo(e.getKey());
        }
    }

    @Test
    void aMissingPathIsNobodysAndDetectionSaysSo() {
        Path none = tmp.resolve("none");
        assertThat(layouts.all()).allSatisfy(l -> assertThat(l.recognise(none).recognised()).isFalse());
        assertThatThrownBy(() -> DatasetLayouts.detect(layouts, none)).isInstanceOf(UserInputException.class)
                .hasMessage(none + ": no dataset layout recognises it; give --dataset, one of busi, chestxray,"
                        + " idx, imagefolder, lits, manifest, medmnist, pocus, synthetic");
    }

    @Test
    void aLayoutFailingOnAnothersDataSaysWhichItLooksLike() throws IOException {
        Path lits = downloads().get("lits");
        DataRequest request = DataRequest.builder().data(lits).build();
        // as image folders, the LiTS batch folder is a class folder without images
        assertThatThrownBy(() -> DatasetLayouts.open(layouts.named("imagefolder"), request))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(lits.resolve("Training Batch 1") + ": empty class folder")
                .hasMessageEndingWith("; " + lits + " looks like LiTS volumes (volume-N.nii[.gz]): --dataset lits");
        Path none = tmp.resolve("none");
        assertThatThrownBy(() -> DatasetLayouts.open(layouts.named("busi"), DataRequest.builder().data(none).build()))
                .hasMessage(none + ": no such folder");
    }
}
