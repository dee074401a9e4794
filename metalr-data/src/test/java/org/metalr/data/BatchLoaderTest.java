package org.metalr.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.metalr.api.Batch;
import org.junit.jupiter.api.Test;

/** Order, determinism, prefetch and failure of the batch loader over a synthetic source. */
class BatchLoaderTest {

    /** Sample i is [i, a random draw], label i % 3; sample 13 fails if asked. */
    static final class FakeSource implements SampleSource {
        final int size;
        final boolean failOn13;

        FakeSource(int size, boolean failOn13) {
            this.size = size;
            this.failOn13 = failOn13;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int label(int index) {
            return index % 3;
        }

        @Override
        public int[] sampleShape() {
            return new int[] {2, 1, 1};
        }

        @Override
        public void load(int index, SeededRandom rng, float[] dst, int offset) {
            if (failOn13 && index == 13) {
                throw new BadInputException(Path.of("img13.png"), "truncated PNG data (IDAT chunk cut short)");
            }
            dst[offset] = index;
            dst[offset + 1] = (float) rng.nextDouble();
        }
    }

    private static List<Batch> epoch(BatchLoader loader, int e) {
        List<Batch> out = new ArrayList<>();
        try (BatchStream s = loader.epoch(e)) {
            while (s.hasNext()) {
                out.add(s.next());
            }
        }
        return out;
    }

    private static List<Float> firstValues(List<Batch> batches) {
        List<Float> out = new ArrayList<>();
        for (Batch b : batches) {
            float[] d = b.inputs().toFloatArray();
            for (int i = 0; i < b.size(); i++) {
                out.add(d[2 * i]);
            }
        }
        return out;
    }

    @Test
    void withoutShuffleBatchesFollowDatasetOrder() {
        try (DecodePool pool = new DecodePool(2)) {
            BatchLoader loader = new BatchLoader(new FakeSource(10, false), LoaderConfig.inOrder(4), pool);
            List<Batch> batches = epoch(loader, 0);
            assertThat(batches).extracting(Batch::size).containsExactly(4, 4, 2);
            assertThat(batches.get(0).inputs().shape()).containsExactly(4, 2, 1, 1);
            assertThat(firstValues(batches)).containsExactly(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f);
            assertThat(batches.get(2).labels()).containsExactly(2, 0);
        }
    }

    @Test
    void shuffleIsAFreshPermutationEachEpochAndFixedBySeed() {
        try (DecodePool pool = new DecodePool(1)) {
            BatchLoader loader = new BatchLoader(new FakeSource(50, false), LoaderConfig.shuffled(8, 11), pool);
            List<Float> e0 = firstValues(epoch(loader, 0));
            List<Float> e1 = firstValues(epoch(loader, 1));
            assertThat(new HashSet<>(e0)).hasSize(50);
            assertThat(e0).isNotEqualTo(e1).containsExactlyInAnyOrderElementsOf(e1);
            assertThat(firstValues(epoch(loader, 0))).isEqualTo(e0);
            BatchLoader other = new BatchLoader(new FakeSource(50, false), LoaderConfig.shuffled(8, 12), pool);
            assertThat(firstValues(epoch(other, 0))).isNotEqualTo(e0);
        }
    }

    @Test
    void batchesAreIdenticalWhateverTheNumberOfThreads() {
        List<float[]> reference = null;
        for (int threads : new int[] {0, 1, 3}) {
            try (DecodePool pool = new DecodePool(threads)) {
                BatchLoader loader = new BatchLoader(new FakeSource(37, false), LoaderConfig.shuffled(5, 3).withPrefetch(2), pool);
                List<float[]> all = new ArrayList<>();
                for (int e = 0; e < 2; e++) {
                    for (Batch b : epoch(loader, e)) {
                        all.add(b.inputs().toFloatArray());
                        all.add(Arrays.stream(b.labels()).mapToObj(l -> (float) l).collect(FloatCollector.INSTANCE));
                    }
                }
                if (reference == null) {
                    reference = all;
                } else {
                    assertThat(all).as("%d threads", threads).usingElementComparator(Arrays::compare).isEqualTo(reference);
                }
            }
        }
    }

    @Test
    void augmentationDrawsDependOnSeedEpochAndIndexOnly() {
        try (DecodePool pool = new DecodePool(2)) {
            BatchLoader a = new BatchLoader(new FakeSource(6, false), new LoaderConfig(6, true, false, 9, 1), pool);
            BatchLoader b = new BatchLoader(new FakeSource(6, false), new LoaderConfig(2, true, false, 9, 3), pool);
            float[] x = epoch(a, 4).get(0).inputs().toFloatArray();
            Set<String> pairs = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                pairs.add(x[2 * i] + ":" + x[2 * i + 1]);
            }
            Set<String> other = new HashSet<>();
            for (Batch batch : epoch(b, 4)) {
                float[] y = batch.inputs().toFloatArray();
                for (int i = 0; i < batch.size(); i++) {
                    other.add(y[2 * i] + ":" + y[2 * i + 1]);
                }
            }
            // Same (seed, epoch, index) draws despite different batch sizes and prefetch.
            assertThat(other).isEqualTo(pairs);
        }
    }

    @Test
    void dropLastAndEmptySets() {
        try (DecodePool pool = new DecodePool(1)) {
            BatchLoader loader = new BatchLoader(new FakeSource(10, false), LoaderConfig.shuffled(4, 0).withDropLast(true), pool);
            assertThat(loader.batchesPerEpoch()).isEqualTo(2);
            assertThat(epoch(loader, 0)).extracting(Batch::size).containsExactly(4, 4);
            BatchLoader empty = new BatchLoader(new FakeSource(0, false), LoaderConfig.inOrder(4), pool);
            assertThat(epoch(empty, 0)).isEmpty();
            assertThatThrownBy(empty::cycling).isInstanceOf(IllegalStateException.class);
            BatchStream s = empty.epoch(0);
            assertThatThrownBy(s::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void aBadSampleSurfacesFromNextWithItsFileName() {
        for (int threads : new int[] {0, 2}) {
            try (DecodePool pool = new DecodePool(threads);
                    BatchStream s = new BatchLoader(new FakeSource(20, true), LoaderConfig.inOrder(5), pool).epoch(0)) {
                s.next();
                s.next();
                assertThatThrownBy(s::next)
                        .isInstanceOf(BadInputException.class)
                        .hasMessage("img13.png: truncated PNG data (IDAT chunk cut short)");
                assertThat(s.hasNext()).isFalse();
            }
        }
    }

    @Test
    void cyclingRunsThroughReshuffledEpochsEndlessly() {
        try (DecodePool pool = new DecodePool(2)) {
            BatchLoader loader = new BatchLoader(new FakeSource(7, false), LoaderConfig.shuffled(3, 5), pool);
            List<Float> seen = new ArrayList<>();
            try (CyclingBatches cycle = loader.cycling()) {
                for (int i = 0; i < 9; i++) {
                    Batch b = cycle.next();
                    float[] d = b.inputs().toFloatArray();
                    for (int k = 0; k < b.size(); k++) {
                        seen.add(d[2 * k]);
                    }
                }
                assertThat(cycle.epoch()).isEqualTo(2);
                assertThat(cycle.hasNext()).isTrue();
            }
            assertThat(seen).hasSize(21);
            assertThat(seen.subList(0, 7)).isEqualTo(firstValues(epoch(loader, 0)));
            assertThat(seen.subList(7, 14)).isEqualTo(firstValues(epoch(loader, 1)));
        }
    }

    @Test
    void closingAStreamEarlyCancelsIt() {
        try (DecodePool pool = new DecodePool(2)) {
            BatchStream s = new BatchLoader(new FakeSource(100, false), LoaderConfig.inOrder(2), pool).epoch(0);
            s.next();
            s.close();
            assertThat(s.hasNext()).isFalse();
            assertThatThrownBy(s::next).isInstanceOf(NoSuchElementException.class).hasMessage("batch stream closed");
        }
    }

    /** Collects boxed floats into a float[]. */
    enum FloatCollector implements java.util.stream.Collector<Float, List<Float>, float[]> {
        INSTANCE;

        @Override
        public java.util.function.Supplier<List<Float>> supplier() {
            return ArrayList::new;
        }

        @Override
        public java.util.function.BiConsumer<List<Float>, Float> accumulator() {
            return List::add;
        }

        @Override
        public java.util.function.BinaryOperator<List<Float>> combiner() {
            return (x, y) -> {
                x.addAll(y);
                return x;
            };
        }

        @Override
        public java.util.function.Function<List<Float>, float[]> finisher() {
            return list -> {
                float[] out = new float[list.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = list.get(i);
                }
                return out;
            };
        }

        @Override
        public Set<Characteristics> characteristics() {
            return Set.of();
        }
    }

    @Test
    void aFinalBatchOfOneIsDroppedUnderDropSingleOnly() {
        try (DecodePool pool = new DecodePool(0)) {
            BatchLoader single = new BatchLoader(new FakeSource(9, false), LoaderConfig.inOrder(4).withDropSingle(true), pool);
            assertThat(single.batchesPerEpoch()).isEqualTo(2);
            assertThat(epoch(single, 0)).extracting(b -> b.inputs().shape()[0]).containsExactly(4L, 4L);
            BatchLoader kept = new BatchLoader(new FakeSource(9, false), LoaderConfig.inOrder(4), pool);
            assertThat(epoch(kept, 0)).extracting(b -> b.inputs().shape()[0]).containsExactly(4L, 4L, 1L);
            BatchLoader two = new BatchLoader(new FakeSource(10, false), LoaderConfig.inOrder(4).withDropSingle(true), pool);
            assertThat(epoch(two, 0)).extracting(b -> b.inputs().shape()[0]).containsExactly(4L, 4L, 2L);
        }
    }
}
