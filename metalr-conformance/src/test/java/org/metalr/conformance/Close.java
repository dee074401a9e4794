package org.metalr.conformance;

import static org.assertj.core.api.Assertions.fail;

import java.util.Map;
import org.metalr.api.HostTensor;

/** Tolerance assertions that name what differs: |a - b| <= rtol * max(|a|, |b|) + atol. */
final class Close {

    private Close() {}

    static void assertClose(double actual, double expected, double rtol, double atol, String what) {
        double bound = rtol * Math.max(Math.abs(actual), Math.abs(expected)) + atol;
        if (!(Math.abs(actual - expected) <= bound)) {
            fail(what + ": expected " + expected + " but was " + actual + " (difference "
                    + Math.abs(actual - expected) + " > " + bound + ")");
        }
    }

    static void assertClose(double[] actual, double[] expected, double rtol, double atol, String what) {
        if (actual.length != expected.length) {
            fail(what + ": expected " + expected.length + " values but got " + actual.length);
        }
        for (int i = 0; i < actual.length; i++) {
            assertClose(actual[i], expected[i], rtol, atol, what + "[" + i + "]");
        }
    }

    static void assertClose(HostTensor actual, HostTensor expected, double rtol, double atol, String what) {
        if (!java.util.Arrays.equals(actual.shape(), expected.shape())) {
            fail(what + ": shape " + java.util.Arrays.toString(actual.shape()) + " instead of "
                    + java.util.Arrays.toString(expected.shape()));
        }
        assertClose(actual.toDoubleArray(), expected.toDoubleArray(), rtol, atol, what);
    }

    /**
     * The largest relative difference between {@code a} and {@code b}, element by element:
     * {@code |a - b| / max(|a|, |b|)}, with the scale floored at 1e-12.
     */
    static double maxRelDiff(double[] a, double[] b) {
        if (a.length != b.length) {
            fail(a.length + " values against " + b.length);
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(1e-12, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
        }
        return worst;
    }

    static void assertStatesClose(Map<String, HostTensor> actual, Map<String, HostTensor> expected, double rtol,
            double atol, String what) {
        if (!actual.keySet().equals(expected.keySet())) {
            fail(what + ": tensors " + actual.keySet() + " instead of " + expected.keySet());
        }
        for (String name : expected.keySet()) {
            assertClose(actual.get(name), expected.get(name), rtol, atol, what + " " + name);
        }
    }
}
