/**
 * The built-in synthetic domain-shift dataset: a seeded generator that writes an RGB source domain
 * and an ultrasound-like target domain as PNG image folders
 * ({@link org.metalr.data.synthetic.SyntheticDomainShift}).
 */
package org.metalr.data.synthetic;
