package io.megaspark.jobs.run;

import java.util.List;

/**
 * Outputs of one {@link BlockModel#forward} call; a field not requested is null. Positions beyond a row's
 * valid length hold no meaning.
 *
 * @param logits [B][T][V]
 * @param targetLogProbs [B][T] ln p(target) at each position with a target (NaN elsewhere)
 * @param hidden [B][T][D]
 * @param hiddenMean [B][D]
 * @param states B states after each row's valid tokens
 */
public record BlockResult<S>(
    float[][][] logits, float[][] targetLogProbs, float[][][] hidden, float[][] hiddenMean, List<S> states) {}
