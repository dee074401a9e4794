package org.metalr.data.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.metalr.api.UserInputException;
import org.metalr.data.BadInputPolicy;

/** The request's defaults are the command's, and settings out of range are refused naming their flag. */
class DataRequestTest {

    @Test
    void defaultsAreTheCommands() {
        DataRequest r = DataRequest.builder().build();
        assertThat(r.data()).isNull();
        assertThat(r.hasSplitFolders()).isFalse();
        assertThat(r.valFraction()).isEqualTo(0.2);
        assertThat(r.testFraction()).isEqualTo(0.2);
        assertThat(r.folds()).isNull();
        assertThat(r.fold()).isNull();
        assertThat(r.splitSeed()).isZero();
        assertThat(r.imageSize()).isEqualTo(64);
        assertThat(r.crops()).isEqualTo(CropOptions.defaults());
        assertThat(r.scan().policy()).isEqualTo(BadInputPolicy.FAIL);
        assertThat(r.generatedData()).isNull();
    }

    @Test
    void settingsOutOfRangeNameTheirFlag() {
        assertThatThrownBy(() -> DataRequest.builder().valFraction(1).build()).isInstanceOf(UserInputException.class)
                .hasMessage("--val-fraction must lie in [0, 1), got 1.0");
        assertThatThrownBy(() -> DataRequest.builder().testFraction(0).build())
                .hasMessage("--test-fraction must lie in (0, 1), got 0.0");
        assertThatThrownBy(() -> DataRequest.builder().folds(1).build()).hasMessage("--folds must be at least 2, got 1");
        assertThat(DataRequest.builder().valFraction(0).folds(2).build().folds()).isEqualTo(2);
    }

    @Test
    void theDataPathAndTheExplicitSplitFolders() {
        Path d = Path.of("d");
        assertThat(DataRequest.builder().data(d).build().requireData("busi")).isEqualTo(d);
        assertThatThrownBy(() -> DataRequest.builder().build().requireData("busi")).isInstanceOf(UserInputException.class)
                .hasMessage("--dataset busi needs --data (or give --train-data and --test-data)");
        DataRequest explicit = DataRequest.builder().splitFolders(Path.of("t"), null, Path.of("s")).build();
        assertThat(explicit.hasSplitFolders()).isTrue();
        assertThatThrownBy(() -> explicit.requireData("pocus")).hasMessage("--train-data, --val-data and --test-data"
                + " are image folders of --dataset imagefolder; --dataset pocus reads --data");
        assertThat(DataRequest.builder().generatedData(d).build().dataOrGenerated("synthetic")).isEqualTo(d);
        assertThat(DataRequest.builder().data(Path.of("e")).generatedData(d).build().dataOrGenerated("synthetic"))
                .isEqualTo(Path.of("e"));
        assertThatThrownBy(() -> DataRequest.builder().build().dataOrGenerated("synthetic"))
                .hasMessage("--dataset synthetic needs --data: the folder its images are kept in");
    }

    @Test
    void cropOptionsDefaultToModelsGenesisAndCheckTheirRanges() {
        CropOptions d = CropOptions.defaults();
        assertThat(d).isEqualTo(new CropOptions(64, 64, 32, 0.5, 0.5, 8, 0.25, 2L << 30));
        assertThat(d.withCrop(16, 16, 8).withCropsPerCase(2).preprocessing()).containsExactly(
                entry("crop", List.of(16, 16, 8)), entry("cropsPerCase", 2), entry("foregroundShare", 0.5),
                entry("flipProbability", 0.5), entry("tileOverlap", 0.25));
        assertThatThrownBy(() -> d.withCrop(16, 0, 8)).hasMessage("crop sizes must be positive: 16x0x8");
        assertThatThrownBy(() -> d.withCropsPerCase(0)).hasMessage("crops per case must be at least 1, got 0");
        assertThatThrownBy(() -> d.withTileOverlap(1)).hasMessage("overlap must be in [0, 1): 1.0");
        assertThatThrownBy(() -> d.withForegroundShare(2)).hasMessage("foreground share must be in [0, 1]: 2.0");
        assertThatThrownBy(() -> d.withFlipProbability(-1)).hasMessage("flip probability must be in [0, 1]: -1.0");
        assertThatThrownBy(() -> d.withCacheBytes(-1)).hasMessage("cache budget must not be negative, got -1");
    }
}
