package org.metalr.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.models.ModelFamily;
import org.metalr.models.Weights;
import org.metalr.models.checkpoint.CheckpointException;
import org.metalr.models.checkpoint.KeyMapping;
import org.metalr.train.ModelSpec;

/**
 * The model a run starts from: its family's seeded initialisation ({@link ModelFamily#initialState}:
 * torchvision's for ResNet-18 and the small CNN, PyTorch's module defaults for the 3D U-Net, as Models
 * Genesis), with a checkpoint's tensors over it when one is given, and the family's readings of depth.
 */
final class StartingWeights {

    private StartingWeights() {}

    /**
     * The network's starting state.
     *
     * @param weights the checkpoint options; without {@code --weights}, the seeded initialisation alone
     * @param seed    seeds the tensors the checkpoint does not supply
     * @param report  receives the load report's one-line summary (not called without weights)
     * @throws CheckpointException naming the file and the tensors that do not fit
     */
    static ModelSpec of(ModelFamily family, Network network, WeightOptions weights, long seed, Consumer<String> report)
            throws CheckpointException {
        if (!weights.given()) {
            return ModelSpec.of(family, network, family.initialState(network, seed));
        }
        return of(family, network, weights.weights, weights.mapping(), seed, report);
    }

    private static boolean allFinite(HostTensor t) {
        for (double v : t.toDoubleArray()) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** As {@link #of(ModelFamily, Network, WeightOptions, long, Consumer)} with a file and a mapping given directly. */
    static ModelSpec of(ModelFamily family, Network network, Path file, KeyMapping mapping, long seed,
            Consumer<String> report) throws CheckpointException {
        Weights.Loaded loaded = Weights.load(file, network, mapping, family.initialState(network, seed));
        for (Map.Entry<String, HostTensor> t : loaded.state().entrySet()) {
            if (t.getValue().kind() != HostTensor.Kind.INT64 && !allFinite(t.getValue())) {
                throw new CheckpointException(file.toString(), t.getKey(), "holds NaN or infinite values; the"
                        + " checkpoint is damaged (or was saved from a diverged run)");
            }
        }
        report.accept(loaded.report().summary());
        return ModelSpec.of(family, network, loaded.state());
    }
}
