package org.metalr.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.metalr.api.Backend;
import org.metalr.api.HostTensor;
import org.metalr.api.net.Network;
import org.metalr.backends.Backends;
import org.metalr.data.BatchLoader;
import org.metalr.data.DecodePool;
import org.metalr.data.LoaderConfig;
import org.metalr.data.SampleSource;
import org.metalr.data.SeededRandom;
import org.metalr.models.Initializers;
import org.metalr.models.SmallCnn;
import org.metalr.models.checkpoint.SafetensorsReader;

/**
 * Tiny runs for the trainer's tests: SmallCnn of width 4 on 3x8x8 inputs, 3 classes, a learnable
 * in-memory dataset (each class brightens its own third of the image), batches of 4.
 */
final class Fixtures {

    static final Backend JAVACPP = Backends.named("javacpp");
    static final int CLASSES = 3;
    static final int SIDE = 8;
    static final List<String> CLASS_NAMES = List.of("a", "b", "c");

    private Fixtures() {}

    static Network network() {
        return SmallCnn.network(3, 4, CLASSES);
    }

    static ModelSpec model() {
        Network net = network();
        return ModelSpec.of(net, Initializers.kaiming(net, 11));
    }

    static TrainConfig.Builder config(String method) {
        return TrainConfig.builder().method(method).epochs(2).batchSize(4).evalBatchSize(8).lr(0.01);
    }

    /** 24 training samples, 12 meta-validation ones (also the validation set), 9 test ones. */
    static TrainingData data(TrainConfig config, boolean shuffle) {
        return data(config, shuffle, new Images(24, 1), new Images(12, 2), new Images(9, 3));
    }

    static TrainingData data(TrainConfig config, boolean shuffle, SampleSource train, SampleSource meta,
            SampleSource test) {
        DecodePool pool = new DecodePool(0);
        return new TrainingData(CLASS_NAMES,
                new BatchLoader(train, new LoaderConfig(config.batchSize(), shuffle, false, config.seed(), 2), pool),
                new BatchLoader(meta, new LoaderConfig(config.batchSize(), shuffle, false,
                        SeededRandom.mixKeys(config.seed(), 7), 2), pool),
                new BatchLoader(meta, LoaderConfig.inOrder(config.evalBatchSize()), pool),
                new BatchLoader(test, LoaderConfig.inOrder(config.evalBatchSize()), pool), pool);
    }

    static Map<String, HostTensor> read(Path safetensors) throws IOException {
        return SafetensorsReader.read(safetensors).tensors();
    }

    /** The model of the run's latest checkpoint. */
    static Map<String, HostTensor> lastModel(Path runDir) throws IOException {
        return read(Checkpoints.latest(runDir).orElseThrow().resolve("model.safetensors"));
    }

    /**
     * Two run folders hold the same tensors bit for bit: the latest checkpoint's model and method
     * tensors (optimizer state and the method's own), and the selected model.
     */
    static void assertSameTensors(Path actual, Path expected) throws IOException {
        assertSameTensors(lastModel(actual), lastModel(expected));
        assertSameTensors(read(Checkpoints.latest(actual).orElseThrow().resolve("method.safetensors")),
                read(Checkpoints.latest(expected).orElseThrow().resolve("method.safetensors")));
        assertSameTensors(read(actual.resolve(Checkpoints.BEST)), read(expected.resolve(Checkpoints.BEST)));
    }

    private static void assertSameTensors(Map<String, HostTensor> actual, Map<String, HostTensor> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, t) -> {
            if (t.kind() == HostTensor.Kind.INT64) {
                assertThat(actual.get(name).toLongArray()).as(name).containsExactly(t.toLongArray());
            } else {
                assertThat(actual.get(name).toDoubleArray()).as(name).containsExactly(t.toDoubleArray());
            }
        });
    }

    /**
     * Images of 3x8x8: noise plus a bright band over the rows of the sample's class; label {@code i % 3}.
     * Augmentation draws noise from the sample's generator, so batches depend on (seed, epoch, index) only.
     */
    static final class Images implements SampleSource {
        private final int size;
        private final long key;
        private final double augmentation;
        private float poison = Float.NaN;
        private int poisoned = -1;

        Images(int size, long key) {
            this(size, key, 0.1);
        }

        /** @param augmentation standard deviation of the noise drawn per (epoch, sample) */
        Images(int size, long key, double augmentation) {
            this.size = size;
            this.key = key;
            this.augmentation = augmentation;
        }

        /** This set with {@code value} written over sample {@code index}. */
        Images poisoned(int index, float value) {
            Images out = new Images(size, key, augmentation);
            out.poisoned = index;
            out.poison = value;
            return out;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int label(int index) {
            return index % CLASSES;
        }

        @Override
        public int[] sampleShape() {
            return new int[] {3, SIDE, SIDE};
        }

        @Override
        public void load(int index, SeededRandom rng, float[] dst, int offset) {
            SeededRandom fixed = SeededRandom.derive(key, index);
            int label = label(index);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        float band = y * CLASSES / SIDE == label ? 1.5f : 0f;
                        float v = band + (float) (0.5 * fixed.nextGaussian() + augmentation * rng.nextGaussian());
                        dst[offset + (c * SIDE + y) * SIDE + x] = index == poisoned ? poison : v;
                    }
                }
            }
        }
    }
}
