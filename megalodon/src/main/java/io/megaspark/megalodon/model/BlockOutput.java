package io.megaspark.megalodon.model;

/**
 * The result of one block. Arrays not requested in the {@link OutputRequest} are null. Values at padded
 * positions (at or after a row's valid length): logits are not meaningful, target log-probabilities are
 * NaN, hidden states are 0.
 *
 * @param logits [B][T][V] or null
 * @param targetLogProbs [B][T] log p(targets[b][t]), NaN where the target is -1 or the position is
 *     padding; or null
 * @param hidden [B][T][D] final hidden states after the output norm, or null
 * @param hiddenMean [B][D] mean of the final hidden states over each row's valid tokens, or null
 * @param states the next state of each row
 * @param layerHidden [L][B][T][D] output of every block (debugging), or null
 */
public record BlockOutput(float[][][] logits, float[][] targetLogProbs, float[][][] hidden,
    float[][] hiddenMean, StreamState[] states, float[][][][] layerHidden) {}
