/**
 * The fine-tuning methods of the paper's comparison as policies over a model's parameter groups, one
 * class each, found by a registry: {@link org.metalr.train.method.Methods#parse} reads a method's
 * spelling ({@code last}, {@code all}, {@code layerwise:K}, {@code bidir:M-N}, {@code autolr},
 * {@code mina:I1:K}, {@code llrd:DECAY}, {@code metalr}, ...) through the
 * {@link org.metalr.train.method.MethodKind} its name selects, {@link org.metalr.train.method.Method#plan}
 * decides which groups are frozen and where each rate starts, and
 * {@link org.metalr.train.method.Method#start} gives the {@link org.metalr.train.method.MethodRun} that
 * takes the iterations: plain steps at fixed rates for the baselines ({@link org.metalr.train.method.PlainRun}),
 * {@link org.metalr.core.MetaLrStep} for MetaLR, plain steps with AutoLR's epoch-level retries
 * ({@link org.metalr.train.method.AutoLrRule}) for AutoLR. A method keeps its own state in its run
 * ({@link org.metalr.train.method.StepRun#ownState()}); the trainer saves and restores it without
 * looking inside.
 *
 * <p>A new method is one class plus one line: a {@link org.metalr.train.method.Method} with its
 * {@link org.metalr.train.method.MethodKind} nested in it, and the kind's binary name in
 * {@code META-INF/services/org.metalr.train.method.MethodKind}. Help texts, parse errors and the
 * comparison's default methods list it from then on. Invalid settings throw
 * {@link org.metalr.train.method.InvalidConfigException} naming the setting.
 */
package org.metalr.train.method;
