package org.metalr.api;

/**
 * One iteration of MetaLR's online learning-rate adaptation over a {@link Differentiable}:
 * <ol>
 *   <li>{@code g} = gradient of the training loss at theta (forward+backward on the training batch);
 *   <li>look-ahead {@code theta_hat_j = theta_j + s lr_j d_j} ({@link LrRule.LookAhead}), {@code d = g} or
 *       the real optimizer's update per unit rate ({@link LrRule.Direction});
 *   <li>{@code h} = gradient of the validation loss at theta_hat (forward+backward on the validation
 *       batch; buffers and theta untouched);
 *   <li>hypergradient {@code dL_val/dlr_j = s * sum_{p in j} <h_p, d_p>}, exact;
 *   <li>{@code lr_j} moved by the {@link LrRule} (with that signal, or its cosine);
 *   <li>the real optimizer applies {@code g} with the new learning rates.
 * </ol>
 * Exactly two forward+backward passes; {@code g} is reused for the real step. Under a rule whose
 * {@link LrRule#metaEvery()} is K &gt; 1, iterations other than {@code 1, 1 + K, ...} are one pass and the
 * real step at the current rates; they take no validation batch.
 *
 * <h2>Call order</h2>
 * create -> ({@link #step} | {@link #restore} | {@link #loadOptimizerState})* -> {@link #close}, as
 * every {@link TrainingStep}. The step does not own the model: closing the step releases its optimizer
 * state, not the model. {@link #restore} checks the rates against the rule's bounds; the initial rates
 * given when the step was made stay those the rule's hold of the last group returns to.
 */
public interface BilevelStep extends TrainingStep {

    /**
     * Runs one iteration; the model's parameters hold theta_{t+1} afterwards and its buffers are as
     * the training pass left them.
     *
     * @param train      the training batch
     * @param validation the meta-validation batch; null allowed on an iteration that does not learn the
     *                   rates ({@link LrRule#learnsAt})
     * @param epoch      the current epoch, counted from 1 (for the rule's hold of the last group)
     * @throws IllegalArgumentException if a batch does not fit the model's loss; nothing changes then
     * @throws ArithmeticException if a loss or the hypergradient is NaN or infinite; nothing changes then
     */
    StepReport step(Batch train, Batch validation, int epoch);
}
