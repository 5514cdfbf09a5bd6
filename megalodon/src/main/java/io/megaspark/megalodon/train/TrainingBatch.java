package io.megaspark.megalodon.train;

/**
 * One optimizer step's input: B rows, each the next block of T tokens of the document piece that row is
 * streaming (truncated back-propagation through time: a row's blocks come in order and its carried state
 * is detached between them).
 *
 * @param inputs [B][T] token ids; positions at or past {@code validLengths[b]} hold 0 (padding)
 * @param targets [B][T] the next token of each input, or {@link #IGNORE} where there is none
 * @param validLengths [B] number of real input tokens per row (T except at the end of a piece)
 * @param startsPiece [B] true when the row's block is the first of a piece: its carried state must be
 *     reset to the initial state before the step
 * @param pieceIds [B] the piece each row streams, for reports
 */
public record TrainingBatch(
    int[][] inputs, int[][] targets, int[] validLengths, boolean[] startsPiece, String[] pieceIds) {
  /** Target value of a position that has no next token. */
  public static final int IGNORE = -1;

  public int batchSize() {
    return inputs.length;
  }

  public int blockTokens() {
    return inputs[0].length;
  }

  /** Number of positions with a real target. */
  public long targetCount() {
    long n = 0;
    for (int[] row : targets) {
      for (int t : row) {
        if (t != IGNORE) {
          n++;
        }
      }
    }
    return n;
  }
}
