package org.metalr.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd on for one pass, then back to what it was. LibTorch's grad mode is thread-local and DJL
 * switches it off on the thread that starts its engine. DJL's {@code GradientCollector} would do the
 * same job but also holds a process-wide "collecting" flag (only one collector in the whole JVM at a
 * time), which would keep two models on two threads from running passes concurrently.
 */
final class DjlGradMode implements AutoCloseable {

    private final boolean previous;

    private DjlGradMode(boolean previous) {
        this.previous = previous;
    }

    static DjlGradMode enabled() {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        return new DjlGradMode(previous);
    }

    /**
     * Backpropagates a scalar loss into the {@code .grad} of the leaves that require one; the graph is
     * freed. A leaf's {@code .grad} accumulates across calls, so callers use fresh leaves per pass.
     */
    static void backward(NDArray loss) {
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        }
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
