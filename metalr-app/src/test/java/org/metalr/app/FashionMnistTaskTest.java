package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study's Fashion-MNIST task on Debian's dataset-fashion-mnist (skipped where it is not installed). */
class FashionMnistTaskTest {

    @Test
    void classesZeroToFourAreTheSourceAndFiveToNineTheFewLabelTarget(@TempDir Path tmp) throws Exception {
        assumeThat(FashionMnistTask.folder().resolve("train-images-idx3-ubyte.gz")).as("dataset-fashion-mnist is installed")
                .exists();
        FashionMnistTask task = new FashionMnistTask();
        StudyTask.Domains d = task.open(tmp, task.scale("tiny"), 0);
        assertThat(d.source().classes()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat");
        assertThat(d.target().classes()).containsExactly("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        assertThat(d.sourceClasses()).isEqualTo(5);
        assertThat(d.targetClasses()).isEqualTo(5);
        assertThat(d.channels()).isEqualTo(1);
        // tiny: 8 source and 4 target training images per class, 2 meta-validation images per class;
        // the official test images of the classes: 1,000 each
        assertThat(d.source().sizes()).isEqualTo("40 training, 10 meta-validation, 5000 test images");
        assertThat(d.target().sizes()).isEqualTo("20 training, 10 meta-validation, 5000 test images");
        assertThat(task.scale("full").data()).contains("30 per class");
    }

    @Test
    void aMissingFolderNamesThePackage(@TempDir Path tmp) {
        String before = System.getProperty("metalr.fashionMnist");
        System.setProperty("metalr.fashionMnist", tmp.resolve("none").toString());
        try {
            FashionMnistTask task = new FashionMnistTask();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> task.open(tmp, task.scale("tiny"), 0))
                    .isInstanceOf(org.metalr.api.UserInputException.class)
                    .hasMessageContaining(tmp.resolve("none").toString()).hasMessageContaining("dataset-fashion-mnist");
        } finally {
            if (before == null) {
                System.clearProperty("metalr.fashionMnist");
            } else {
                System.setProperty("metalr.fashionMnist", before);
            }
        }
    }
}
