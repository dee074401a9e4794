package org.metalr.data.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.metalr.data.BadInputException;
import org.metalr.data.BadInputPolicy;
import org.metalr.data.ParallelChecks;
import org.metalr.data.Sample;
import org.metalr.data.ScanOptions;

/**
 * Checks every listed image before training starts: its header ({@link ImageHeaders}) when bad inputs
 * fail the scan, a whole decode when they are skipped.
 */
final class ImageValidator {

    private ImageValidator() {
    }

    /**
     * Under {@link BadInputPolicy#SKIP}, the samples that decode, in order, the others recorded in the
     * report in order; under {@link BadInputPolicy#FAIL}, the list unchanged once every header passed
     * {@link ImageHeaders#check} (the pixels are decoded when a batch needs them).
     *
     * @throws BadInputException under {@link BadInputPolicy#FAIL}, for the first sample (in list order)
     *     whose header fails
     */
    static List<Sample> keepDecodable(List<Sample> samples, ScanOptions options) {
        if (samples.isEmpty()) {
            return samples;
        }
        if (options.policy() == BadInputPolicy.FAIL) {
            List<String> problems = checkAll(samples, options, ImageValidator::checkHeader);
            for (int i = 0; i < samples.size(); i++) {
                if (problems.get(i) != null) {
                    throw new BadInputException(samples.get(i).path(), problems.get(i));
                }
            }
            return samples;
        }
        List<String> problems = checkAll(samples, options, ImageValidator::check);
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

    private static List<String> checkAll(List<Sample> samples, ScanOptions options,
            ParallelChecks.Check<Sample, String> check) {
        try {
            return ParallelChecks.each(samples, options.threads(), "images", check);
        } catch (IOException e) { // an interrupt: the checks themselves throw none
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String checkHeader(Sample sample) {
        if (sample.inMemory()) {
            return null; // decoded from an array file its layout has checked
        }
        try {
            ImageHeaders.check(sample.path());
            return null;
        } catch (BadInputException e) {
            return e.problem();
        }
    }

    private static String check(Sample sample) {
        if (sample.inMemory()) {
            return null; // decoded from an array file its layout has checked
        }
        try {
            ImageDecoder.decode(sample.path());
            return null;
        } catch (BadInputException e) {
            return e.problem();
        }
    }
}
