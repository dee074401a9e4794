/**
 * The built-in synthetic domain-shift dataset: a seeded generator that writes an RGB source domain
 * and an ultrasound-like target domain as PNG image folders
 * ({@link org.metalr.data.synthetic.SyntheticDomainShift}), and its target domain as the registered
 * {@code synthetic} dataset layout ({@link org.metalr.data.synthetic.SyntheticLayout}).
 */
package org.metalr.data.synthetic;
