package io.megaspark.jobs.state;

import io.megaspark.jobs.score.ScoreTotals;
import java.util.Objects;

/**
 * One document's record in the state store: enough to continue its stream exactly when text is appended.
 *
 * @param docId the document id
 * @param bytesConsumed UTF-8 bytes of text read so far; the next run starts reading there
 * @param streamTokens tokens of the stream so far (BOS included, EOS not)
 * @param state the model state at the last chunk boundary, {@code streamTokens - tail.length} tokens in
 * @param tail the tokens after that boundary (1..C), fed again before the new text
 * @param totals score totals so far, without the EOS term
 */
public record StoredState(
    String docId, long bytesConsumed, long streamTokens, byte[] state, int[] tail, ScoreTotals totals)
    implements java.io.Serializable {
  public StoredState {
    Objects.requireNonNull(docId, "docId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(totals, "totals");
    if (tail.length == 0 || tail.length > streamTokens) {
      throw new IllegalArgumentException("tail: " + tail.length + " tokens for a stream of " + streamTokens);
    }
  }

  /** Stream position of the first tail token (a chunk boundary). */
  public long tailPosition() {
    return streamTokens - tail.length;
  }
}
