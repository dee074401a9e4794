/** Named extension points found with {@link java.util.ServiceLoader}: {@link org.metalr.api.registry.Registry}. */
package org.metalr.api.registry;
