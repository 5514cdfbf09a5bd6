package io.megaspark.udfs.document;

import io.megaspark.megalodon.model.StreamState;
import java.util.Objects;

/**
 * One {@link DocumentModel#forward} result; a field not requested is null. Values at positions at or
 * beyond the valid length mean nothing.
 *
 * @param targetLogProbs [T] ln p(target) at each position with a target
 * @param hidden [T][D] final hidden states (after the output TimestepNorm)
 * @param hiddenMean [D] mean final hidden state over the valid positions
 * @param state the document's state after the valid tokens
 */
public record RowOutput(float[] targetLogProbs, float[][] hidden, float[] hiddenMean, StreamState state) {
  public RowOutput {
    Objects.requireNonNull(state, "state");
  }
}
