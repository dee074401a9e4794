package org.metalr.javacpp;

import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Runs a piece of native work inside its own {@link PointerScope}, so every JavaCPP object it creates
 * (tensors, optionals, scalars, guards) is released when it returns or throws; only objects the work
 * {@linkplain org.bytedeco.javacpp.Pointer#retainReference() retained} outlive it. The grad-mode
 * variants set LibTorch's thread-local grad mode for the duration and restore the caller's after.
 */
@SuppressWarnings("try") // the guards act through their lifetime, not through calls in the body
final class CppScopes {

    private CppScopes() {}

    /** {@code work} in a scope, grad mode unchanged. */
    static <T> T scoped(Supplier<T> work) {
        try (PointerScope scope = new PointerScope()) {
            return work.get();
        }
    }

    /** {@code work} in a scope with autograd recording, whatever the thread's grad mode was. */
    static <T> T withGrad(Supplier<T> work) {
        try (PointerScope scope = new PointerScope(); AutoGradMode grad = new AutoGradMode(true)) {
            return work.get();
        }
    }

    /** {@code work} in a scope without autograd recording. */
    static <T> T withoutGrad(Supplier<T> work) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            return work.get();
        }
    }

    /** {@code work} in a scope without autograd recording. */
    static void withoutGrad(Runnable work) {
        withoutGrad(() -> {
            work.run();
            return null;
        });
    }

    /** Releases the retained handles in {@code tensors} and clears the entries; null entries are skipped. */
    static void release(Tensor[] tensors) {
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i] != null) {
                tensors[i].releaseReference();
                tensors[i] = null;
            }
        }
    }
}
