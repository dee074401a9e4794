package org.metalr.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One check per item of a dataset scan, on a few daemon threads that each take every
 * {@code threads}-th item, so that decoding whole files to validate them uses the scan's threads.
 * The threads live for one call.
 */
public final class ParallelChecks {

    /** A check of one item: its problem, or null. */
    @FunctionalInterface
    public interface Check<T, R> {
        R apply(T item) throws IOException;
    }

    private ParallelChecks() {}

    /**
     * The result of {@code check} on each item, in item order; on the calling thread when
     * {@code threads <= 1}.
     *
     * @param what what is checked, for the message of a failure ({@code "LiTS cases"})
     * @throws IOException the first I/O failure of a check
     * @throws InterruptedIOException if the calling thread is interrupted while waiting
     */
    public static <T, R> List<R> each(List<T> items, int threads, String what, Check<T, R> check) throws IOException {
        Object[] results = new Object[items.size()];
        int n = Math.min(threads, items.size());
        if (n <= 1) {
            for (int i = 0; i < items.size(); i++) {
                results[i] = check.apply(items.get(i));
            }
            return cast(results);
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "metalr-validate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    for (int i = first; i < items.size(); i += n) {
                        results[i] = check.apply(items.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while checking " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("checking " + what + " failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return cast(results);
    }

    @SuppressWarnings("unchecked")
    private static <R> List<R> cast(Object[] results) {
        return (List<R>) Arrays.asList(results);
    }
}
