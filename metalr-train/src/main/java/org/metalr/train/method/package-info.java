/**
 * The fine-tuning methods of the paper's comparison as policies over a model's parameter groups:
 * {@link org.metalr.train.method.Method#parse} reads a method's spelling ({@code last}, {@code all},
 * {@code layerwise:K}, {@code bidir:M-N}, {@code autolr}, {@code mina:I1:K}, {@code llrd:DECAY},
 * {@code metalr}, ...), {@link org.metalr.train.method.Method#plan} decides which groups are frozen and
 * where each rate starts, and {@link org.metalr.train.method.Method#start} gives the
 * {@link org.metalr.train.method.MethodRun} that takes the iterations: plain steps at fixed rates for
 * the baselines, {@link org.metalr.core.MetaLrStep} for MetaLR, plain steps with AutoLR's epoch-level
 * retries ({@link org.metalr.train.method.AutoLrRule}) for AutoLR. Invalid settings throw
 * {@link org.metalr.train.method.InvalidConfigException} naming the setting.
 */
package org.metalr.train.method;
