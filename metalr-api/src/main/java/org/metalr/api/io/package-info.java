/**
 * Engine-free file helpers shared by every module that writes outputs: atomic replacement of whole
 * files ({@link org.metalr.api.io.AtomicFiles}).
 */
package org.metalr.api.io;
