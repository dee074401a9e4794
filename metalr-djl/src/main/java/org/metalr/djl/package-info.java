/**
 * The {@code djl} backend: MetaLR's {@link org.metalr.api.Differentiable} over DJL's PyTorch engine.
 *
 * <p>DJL is bound to the process's one LibTorch (JavaCPP's build, loaded by
 * {@link org.metalr.libtorch.SharedLibTorch}); DJL contributes only its JNI glue. Models interpret the
 * engine-free layer description with LibTorch's functional ops over their own named tensors, so the
 * numbers match the {@code javacpp} backend and PyTorch's modules. Native memory is scoped with
 * NDManagers: one per model, one per pass, one per {@link org.metalr.api.Gradients} and one per
 * optimizer. {@link org.metalr.djl.DjlBackendProvider} registers it under the name {@code djl};
 * {@link org.metalr.djl.DjlModule} binds it.
 */
package org.metalr.djl;
