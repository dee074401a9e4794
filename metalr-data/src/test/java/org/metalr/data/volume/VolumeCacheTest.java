package org.metalr.data.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VolumeCacheTest {

    @Test
    void evictsLeastRecentlyUsedBeyondTheBudget() throws IOException {
        AtomicInteger loads = new AtomicInteger();
        VolumeCache<String, long[]> cache = new VolumeCache<>(100, v -> v[0]);
        VolumeCache.Loader<String, long[]> forty = k -> {
            loads.incrementAndGet();
            return new long[] {40};
        };
        cache.get("a", forty);
        cache.get("b", forty);
        cache.get("a", forty); // a is now the most recent
        cache.get("c", forty); // 120 > 100: b goes
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.weightBytes()).isEqualTo(80);
        cache.get("a", forty);
        assertThat(loads).hasValue(3);
        cache.get("b", forty);
        assertThat(loads).hasValue(4);
        // A value larger than the whole budget is still kept, alone.
        cache.get("huge", k -> new long[] {500});
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(5);
    }

    @Test
    void concurrentRequestsLoadOnce() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        VolumeCache<String, long[]> cache = new VolumeCache<>(1000, v -> 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> cache.get("k", k -> {
                    loads.incrementAndGet();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    return new long[] {7};
                })));
            }
            Thread.sleep(50);
            release.countDown();
            long[] first = results.get(0).get();
            for (Future<long[]> f : results) {
                assertThat(f.get()).isSameAs(first);
            }
            assertThat(loads).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failedLoadsAreNotCached() throws IOException {
        VolumeCache<String, long[]> cache = new VolumeCache<>(1000, v -> 1);
        VolumeDataException bad = new VolumeDataException(Path.of("volume-1.nii"), "truncated body");
        assertThatThrownBy(() -> cache.get("k", k -> {
            throw bad;
        })).isSameAs(bad);
        assertThat(cache.size()).isZero();
        assertThat(cache.get("k", k -> new long[] {1})).containsExactly(1);
    }
}
