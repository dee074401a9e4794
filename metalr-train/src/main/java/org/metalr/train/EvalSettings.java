package org.metalr.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metalr.train.method.InvalidConfigException;

/**
 * When the trainer evaluates and how whole volumes are predicted; part of {@link TrainConfig}, written to
 * {@code config.json} with the other settings and fixed for a run's resumption.
 *
 * <p>Cadence: validation after every {@code evalEvery}-th epoch and always after the last, so the selected
 * model is one of the evaluated epochs. With {@code valCases} {@code K > 0} (segmentation only), the
 * validation after each epoch predicts the first {@code K} validation volumes, in the set's order, and model
 * selection reads their mean Dice; the last epoch predicts the whole validation set once, and its record
 * carries both figures: the first {@code K} volumes' (the same subset as every other epoch, so selection
 * compares like with like) and the whole set's ({@link EpochRecord#fullValidation()}).
 *
 * <p>Tiles: {@code tile} empty chooses each volume's tile by {@code memoryMiB}
 * ({@link VolumeInference}); {@code [x, y, z]} fixes it. {@code skipAtOrBelow} (null: off) skips tiles outside
 * the body ({@link org.metalr.data.volume.TiledPrediction}).
 *
 * @param evalEvery     validate after every N-th epoch (and the last), at least 1
 * @param valCases      validation volumes per epoch, 0 for all
 * @param tile          the evaluation tile {@code [x, y, z]}, or empty for the memory budget's choice
 * @param memoryMiB     the budget for one forward pass of a batch of tiles, in MiB, at least 1
 * @param skipAtOrBelow skip tiles whose every voxel is at or below this input intensity; null for none
 */
public record EvalSettings(int evalEvery, int valCases, List<Integer> tile, long memoryMiB, Double skipAtOrBelow) {

    /** The default budget of one evaluation forward pass: 2 GiB. */
    public static final long DEFAULT_MEMORY_MIB = 2048;

    /** @throws InvalidConfigException naming the setting when a value is out of range */
    public EvalSettings {
        tile = List.copyOf(tile);
        if (evalEvery < 1) {
            throw new InvalidConfigException("eval-every", "must be at least 1, got " + evalEvery);
        }
        if (valCases < 0) {
            throw new InvalidConfigException("val-cases", "must be 0 (all) or positive, got " + valCases);
        }
        if (!tile.isEmpty() && (tile.size() != 3 || tile.stream().anyMatch(s -> s < 1))) {
            throw new InvalidConfigException("eval-tile", "expects three positive sizes X,Y,Z, got " + tile);
        }
        if (memoryMiB < 1) {
            throw new InvalidConfigException("eval-memory", "must be at least 1 MiB, got " + memoryMiB);
        }
        if (skipAtOrBelow != null && !Double.isFinite(skipAtOrBelow)) {
            throw new InvalidConfigException("eval-skip-below", "must be finite, got " + skipAtOrBelow);
        }
    }

    /** Every epoch, every validation volume, tiles by the 2 GiB budget, no tile skipped. */
    public static EvalSettings defaults() {
        return new EvalSettings(1, 0, List.of(), DEFAULT_MEMORY_MIB, null);
    }

    /** Whether the trainer validates after {@code epoch} of {@code epochs}. */
    public boolean evaluates(int epoch, int epochs) {
        return epoch % evalEvery == 0 || epoch == epochs;
    }

    public EvalSettings withEvalEvery(int value) {
        return new EvalSettings(value, valCases, tile, memoryMiB, skipAtOrBelow);
    }

    public EvalSettings withValCases(int value) {
        return new EvalSettings(evalEvery, value, tile, memoryMiB, skipAtOrBelow);
    }

    public EvalSettings withTile(List<Integer> value) {
        return new EvalSettings(evalEvery, valCases, value, memoryMiB, skipAtOrBelow);
    }

    public EvalSettings withMemoryMiB(long value) {
        return new EvalSettings(evalEvery, valCases, tile, value, skipAtOrBelow);
    }

    public EvalSettings withSkipAtOrBelow(Double value) {
        return new EvalSettings(evalEvery, valCases, tile, memoryMiB, value);
    }

    /** The entries of {@link TrainConfig#settings()}: {@code evalEvery}, {@code valCases}, {@code evalTile}, ... */
    Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("evalEvery", evalEvery);
        out.put("valCases", valCases);
        out.put("evalTile", tile.isEmpty() ? "auto" : tile);
        out.put("evalMemoryMiB", memoryMiB);
        out.put("evalSkipBelow", skipAtOrBelow == null ? "off" : skipAtOrBelow);
        return out;
    }
}
