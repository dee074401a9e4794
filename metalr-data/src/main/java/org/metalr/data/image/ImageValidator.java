package org.metalr.data.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.metalr.data.BadInputException;
import org.metalr.data.BadInputPolicy;
import org.metalr.data.ParallelChecks;
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
        List<String> problems;
        try {
            problems = ParallelChecks.each(samples, options.threads(), "images", ImageValidator::check);
        } catch (IOException e) { // an interrupt: the checks themselves throw none
            throw new IllegalStateException(e.getMessage(), e);
        }
        List<Sample> good = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            if (problems.get(i) == null) {
                good.add(samples.get(i));
            } else {
                options.report().skipped(samples.get(i).path(), problems.get(i));
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
