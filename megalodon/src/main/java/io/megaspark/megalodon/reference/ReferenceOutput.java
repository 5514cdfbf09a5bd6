package io.megaspark.megalodon.reference;

import io.megaspark.megalodon.model.StreamState;

/**
 * The reference model's result for one block.
 *
 * @param logits [T][V] LM-head outputs
 * @param hidden [L][T][D] each block's output
 * @param state the carried state after the block
 */
public record ReferenceOutput(double[][] logits, double[][][] hidden, StreamState state) {}
