package org.metalr.train;

import java.util.List;
import org.metalr.runs.EpochRecord;
import org.metalr.train.method.MethodState;

/**
 * Everything of a checkpoint besides its tensors ({@code state.json}). Random state needs no field of
 * its own: every shuffle and augmentation is drawn from generators seeded by the run's seed and the
 * position (epoch, sample), so the position below fixes them.
 *
 * @param format          file format version
 * @param iteration       iterations taken
 * @param epoch           the epoch to continue, from 1 ({@code epochs + 1} once all are done)
 * @param pass            the training loader's epoch to continue (passes so far, redone ones included)
 * @param batch           batches of that pass already taken
 * @param epochBegun      whether the method has begun {@code epoch} already
 * @param passesInEpoch   passes of {@code epoch} finished before (AutoLR's redone ones)
 * @param passLossSum     sum of the training losses of this pass so far
 * @param passLossCount   their number
 * @param metaDrawn       meta-validation batches drawn since the run's start
 * @param method          the method's state
 * @param epochs          finished epochs
 * @param selectedEpoch   the selected epoch so far, or null
 * @param seconds         wall time so far
 */
record CheckpointState(int format, long iteration, int epoch, int pass, int batch, boolean epochBegun, int passesInEpoch,
        double passLossSum, long passLossCount, long metaDrawn, MethodState method, List<EpochRecord> epochs,
        Integer selectedEpoch, double seconds) {

    static final int FORMAT = 1;

    CheckpointState {
        epochs = List.copyOf(epochs);
    }
}
