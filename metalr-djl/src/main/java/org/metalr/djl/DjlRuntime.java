package org.metalr.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import java.io.File;
import org.metalr.libtorch.SharedLibTorch;

/**
 * Starts DJL's PyTorch engine once per process, bound to the LibTorch that {@link SharedLibTorch}
 * loaded: DJL then loads only its JNI glue (from {@code pytorch-jni}), never a LibTorch of its own
 * and never anything from the network.
 */
final class DjlRuntime {

    private static final String ENGINE = "PyTorch";

    private static volatile Engine engine;

    private DjlRuntime() {}

    /**
     * The PyTorch engine, started on first call.
     *
     * @throws IllegalStateException if DJL bound itself to another LibTorch or another version
     */
    static Engine engine() {
        Engine e = engine;
        if (e != null) {
            return e;
        }
        synchronized (DjlRuntime.class) {
            if (engine == null) {
                // Must precede the first touch of DJL's engine classes: it tells DJL where LibTorch is.
                String shared = SharedLibTorch.load();
                Engine started = Engine.getEngine(ENGINE);
                String bound = LibUtils.getLibtorchPath();
                if (!new File(bound).getAbsoluteFile().equals(new File(shared).getAbsoluteFile())) {
                    throw new IllegalStateException("DJL bound to the LibTorch in " + bound
                            + " instead of the shared one in " + shared);
                }
                if (!SharedLibTorch.VERSION.equals(started.getVersion())) {
                    throw new IllegalStateException("DJL reports LibTorch " + started.getVersion()
                            + ", expected " + SharedLibTorch.VERSION);
                }
                engine = started;
            }
            return engine;
        }
    }

    /** Binding, versions, library directory and thread count; starts the engine. */
    static String describe() {
        Engine e = engine();
        return "DJL " + Engine.getDjlVersion() + " " + e.getEngineName() + " engine, LibTorch " + e.getVersion()
                + " (" + LibUtils.getLibtorchPath() + "), " + JniUtils.getNumThreads() + " intra-op threads";
    }
}
