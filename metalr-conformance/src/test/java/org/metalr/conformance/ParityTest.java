package org.metalr.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metalr.api.DType;
import org.metalr.api.Differentiable;
import org.metalr.api.LrRule;
import org.metalr.api.OptimizerConfig;

/**
 * Both backends, one JVM, one LibTorch: the same weights and batches must give the same numbers
 * ({@link Parity}'s checks). Float64 agrees to 1e-9 relative through 20 iterations; float32 is compared
 * on the first iteration only.
 */
class ParityTest {

    static Stream<Arguments> rulesAndOptimizers() {
        return Cases.rulesAndOptimizers().stream().map(Arguments::of);
    }

    @Test
    void logitsAgreeInBothModes() {
        for (DType dtype : DType.values()) {
            double rtol = dtype == DType.FLOAT64 ? Parity.RTOL64 : 1e-5;
            double atol = dtype == DType.FLOAT64 ? Parity.ATOL64 : 1e-6;
            try (Differentiable djl = Cases.model("djl", dtype); Differentiable cpp = Cases.model("javacpp", dtype)) {
                Parity.logitsAgree(djl, cpp, rtol, atol, dtype.toString());
            }
        }
    }

    @Test
    void gradientsAndLookAheadGradientsAgree() {
        try (Differentiable djl = Cases.model("djl", DType.FLOAT64);
                Differentiable cpp = Cases.model("javacpp", DType.FLOAT64)) {
            Parity.passesAgree(djl, cpp, "djl vs javacpp");
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("rulesAndOptimizers")
    void twentyIterationsAgreeInFloat64(LrRule rule, OptimizerConfig optimizer) {
        try (Differentiable djl = Cases.model("djl", DType.FLOAT64);
                Differentiable cpp = Cases.model("javacpp", DType.FLOAT64)) {
            Parity.twentyIterationsAgree(djl, cpp, rule, optimizer, "djl vs javacpp");
        }
    }

    static Stream<Arguments> optionsAndOptimizers() {
        return Cases.options().stream().flatMap(r -> Cases.optimizers().stream().map(o -> Arguments.of(r, o)));
    }

    /** The options beyond the paper, alone and combined, agree across backends as the named rules do. */
    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("optionsAndOptimizers")
    void twentyIterationsOfEveryOptionAgreeInFloat64(LrRule rule, OptimizerConfig optimizer) {
        twentyIterationsAgreeInFloat64(rule, optimizer);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("rulesAndOptimizers")
    void firstIterationAgreesInFloat32(LrRule rule, OptimizerConfig optimizer) {
        try (Differentiable djl = Cases.model("djl", DType.FLOAT32);
                Differentiable cpp = Cases.model("javacpp", DType.FLOAT32)) {
            Parity.firstIterationAgreesInFloat32(djl, cpp, rule, optimizer, "djl vs javacpp");
        }
    }
}
