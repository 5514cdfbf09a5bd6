package io.megaspark.jobs.run;

import java.util.List;

/**
 * The model as the runner sees it: (carried states, a batch of blocks) to (outputs, next states). It hides
 * which implementation runs the math (TensorFlow, the float64 reference, or a test model), so the runner,
 * the folds and the Spark glue are the same for all of them.
 *
 * <p>Contract, per row b of a call: {@code tokens[b]} has length T (a multiple of {@link
 * ModelInfo#chunkSize()}); only the first {@code validLengths[b]} tokens are real, the rest is padding
 * that neither produces outputs nor changes the state. A valid length below T is allowed only for the last
 * piece of a stream (attention never crosses a chunk, so a state is only continued from a chunk boundary).
 * Implementations are thread-safe and never modify the states they are given.
 *
 * @param <S> the carried state of one document (MODEL.md section 1: CEMA hidden state, TimestepNorm
 *     statistics, position); opaque to the runner
 */
public interface BlockModel<S> extends AutoCloseable {

  /** Chunk size, vocabulary, model width and tokenizer name of the loaded model. */
  ModelInfo info();

  /** The state of a document before its first token. */
  S initialState();

  /**
   * Runs one batch of blocks.
   *
   * @param states B states, one per row, each at a chunk boundary
   * @param tokens [B][T] token ids, padded with 0 beyond the valid length
   * @param validLengths [B] real tokens per row, 1..T
   * @param request which outputs to compute ({@code targets} [B][T], -1 = no target)
   * @return the requested outputs and the B states after each row's valid tokens
   */
  BlockResult<S> forward(List<S> states, int[][] tokens, int[] validLengths, BlockRequest request);

  /** The state as bytes, for rows that cross the wire and for the state store. */
  byte[] toBytes(S state);

  /** Reads a state written by {@link #toBytes}. */
  S fromBytes(byte[] bytes);

  /**
   * A fixed-length summary of a carried state for document embeddings (for MEGALODON: the final
   * TimestepNorm's running mean per group followed by the per-layer CEMA state magnitudes; see
   * docs/outputs.md).
   */
  float[] stateSummary(S state);

  @Override
  void close();
}
