package io.megaspark.megalodon.train;

import io.megaspark.megalodon.model.StreamState;

/**
 * What one run of the training graph returns.
 *
 * @param loss mean cross-entropy in nats over the positions with a target
 * @param nll [B][T] per-position negative log-likelihood in nats (0 where there is no target)
 * @param gradients gradient of {@code loss} for each trainable tensor (empty for forward-only runs)
 * @param states [B] each row's state after its block (only meaningful for rows whose block was full)
 */
public record StepResult(double loss, double[][] nll, ParameterSet gradients, StreamState[] states) {}
