/**
 * The MetaLR backend over JavaCPP's PyTorch presets ({@code org.bytedeco:pytorch}), registered under the
 * name {@code javacpp} by {@link org.metalr.javacpp.CppBackendProvider} and bound by
 * {@link org.metalr.javacpp.CppModule}.
 *
 * <p>A model keeps its parameters and buffers as LibTorch tensors in definition order and runs the
 * network description with LibTorch's functional operators. Every pass opens a
 * {@link org.bytedeco.javacpp.PointerScope}: all native temporaries of the pass are released when it
 * closes, and only the tensors handed to the caller (gradients, optimizer state) are retained past it.
 */
package org.metalr.javacpp;
