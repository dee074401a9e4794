package org.metalr.data.volume;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.data.DataFingerprint;
import org.metalr.data.layout.CropOptions;

/**
 * LiTS liver segmentation over cases split by case ({@link LitsSplits}): training crops of the training
 * cases with their liver masks (CT windowed as Models Genesis does, {@link IntensityWindow#MODELS_GENESIS_CT});
 * MetaLR's crops of the meta-validation cases; model selection on the meta-validation cases as whole
 * volumes and the final figures on the test cases, each predicted by sliding tiles of the crop's size.
 *
 * @param description what the data is, for messages
 * @param splits      the cases of each set
 * @param crops       how cases are cut and tiled, and the cache budget of a run
 */
public record LitsDataset(String description, LitsSplits splits, CropOptions crops) implements VolumeDataset {

    /** The class LiTS runs segment: the liver (liver and tumour labels together). */
    public static final String LIVER = "liver";

    public LitsDataset {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(splits, "splits");
        Objects.requireNonNull(crops, "crops");
    }

    @Override
    public List<String> classes() {
        return List.of(LIVER);
    }

    @Override
    public String sizes() {
        return splits.train().size() + " training, " + splits.metaValidation().size() + " meta-validation, "
                + splits.test().size() + " test cases";
    }

    @Override
    public Map<String, Object> preprocessing() {
        return crops.preprocessing();
    }

    /** The volume and the mask of every case, set by set: train, meta-validation (also validation), test. */
    @Override
    public DataFingerprint fingerprint() {
        List<DataFingerprint.Entry> files = new ArrayList<>();
        Map<String, List<LitsCase>> sets = new LinkedHashMap<>();
        sets.put("train", splits.train());
        sets.put("metaValidation", splits.metaValidation());
        sets.put("test", splits.test());
        sets.forEach((set, cases) -> {
            for (LitsCase c : cases) {
                files.add(DataFingerprint.entry(set, c.volume(), -1));
                files.add(DataFingerprint.entry(set, c.segmentation(), -1));
            }
        });
        return new DataFingerprint(files);
    }

    /**
     * Crops of {@code cropsPerCase} per case and epoch, {@code foregroundShare} of them centred on the liver,
     * each axis flipped with {@code flipProbability} (meta-validation crops not flipped unless
     * {@code augmentMetaValidation}); tiles overlapping by {@code tileOverlap}; one cache of loaded cases,
     * within {@code cacheBytes}, for all four sets. The description lists the case numbers of each set
     * ({@code trainCases}, {@code metaValidationCases}, {@code validationCases}, {@code testCases}) and the
     * crop settings ({@code cropShape}, {@code cropsPerCase}, {@code foregroundShare}, {@code flipProbability},
     * {@code tileOverlap}).
     */
    @Override
    public SegmentationSets open(boolean augmentMetaValidation) {
        LitsLoader loader = new LitsLoader(IntensityWindow.MODELS_GENESIS_CT, crops.cacheBytes());
        CropSampler sampler = new CropSampler(crops.cropX(), crops.cropY(), crops.cropZ(), crops.foregroundShare(),
                crops.flipProbability());
        CropSampler metaSampler = augmentMetaValidation ? sampler
                : new CropSampler(crops.cropX(), crops.cropY(), crops.cropZ(), crops.foregroundShare(), 0);
        SlidingWindow window = new SlidingWindow(crops.cropX(), crops.cropY(), crops.cropZ(), crops.tileOverlap());
        LitsCropSource train = new LitsCropSource(splits.train(), loader, sampler, crops.cropsPerCase());
        LitsCropSource meta = new LitsCropSource(splits.metaValidation(), loader, metaSampler, crops.cropsPerCase());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("trainCases", ids(splits.train()));
        d.put("metaValidationCases", ids(splits.metaValidation()));
        d.put("cropShape", train.sampleShape());
        d.put("cropsPerCase", train.cropsPerCase());
        d.put("foregroundShare", sampler.foregroundShare());
        d.put("flipProbability", sampler.flipProbability());
        d.put("validationCases", ids(splits.metaValidation()));
        d.put("tileOverlap", window.overlap());
        d.put("testCases", ids(splits.test()));
        return new SegmentationSets(train, meta, new LitsVolumes(splits.metaValidation(), loader),
                new LitsVolumes(splits.test(), loader), window, d);
    }

    private static List<Integer> ids(List<LitsCase> cases) {
        return cases.stream().map(LitsCase::id).toList();
    }
}
