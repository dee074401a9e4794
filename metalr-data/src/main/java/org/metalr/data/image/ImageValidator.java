package org.metalr.data.image;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.metalr.data.BadInputException;
import org.metalr.data.BadInputPolicy;
import org.metalr.data.Sample;
import org.metalr.data.ScanOptions;

/** Decodes every listed image once so that bad ones can be skipped before training starts. */
final class ImageValidator {

    private ImageValidator() {
    }

    /**
     * Under {@link BadInputPolicy#SKIP}, the samples that decode, in order, the others recorded in the
     * report in order; under {@link BadInputPolicy#FAIL}, the list unchanged (decoding errors then
     * surface when a batch is loaded).
     */
    static List<Sample> keepDecodable(List<Sample> samples, ScanOptions options) {
        if (options.policy() == BadInputPolicy.FAIL || samples.isEmpty()) {
            return samples;
        }
        String[] problems = new String[samples.size()];
        int threads = Math.min(options.threads(), samples.size());
        if (threads <= 1) {
            for (int i = 0; i < samples.size(); i++) {
                problems[i] = check(samples.get(i));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "metalr-validate");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    futures.add(pool.submit(() -> {
                        for (int i = first; i < samples.size(); i += threads) {
                            problems[i] = check(samples.get(i));
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking images", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("checking images failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        List<Sample> good = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            if (problems[i] == null) {
                good.add(samples.get(i));
            } else {
                options.report().skipped(samples.get(i).path(), problems[i]);
            }
        }
        return good;
    }

    private static String check(Sample sample) {
        try {
            ImageDecoder.decode(sample.path());
            return null;
        } catch (BadInputException e) {
            return e.problem();
        }
    }
}
