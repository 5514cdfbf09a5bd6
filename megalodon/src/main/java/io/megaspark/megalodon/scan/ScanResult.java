package io.megaspark.megalodon.scan;

import io.megaspark.megalodon.model.StreamState;

/**
 * The layer-wise scan's result for one document, in the reference model's shapes.
 *
 * @param logits [T][V] over the whole document, ranges concatenated
 * @param hidden [L][T][D] each block's output
 * @param state the state after the document
 */
public record ScanResult(double[][] logits, double[][][] hidden, StreamState state) {}
