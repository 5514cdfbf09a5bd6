package io.megaspark.jobs.run;

/**
 * One model row's worth of a document's token stream: a full block of T tokens, or the stream's final
 * part (shorter, and split off at the last chunk boundary when a job continues the stream afterwards).
 *
 * @param tokens the piece's tokens (exactly {@code length} of them)
 * @param targets [length] the token that follows each position, -1 where that prediction is not scored
 *     (re-read context of an incremental run)
 * @param position stream position of {@code tokens[0]} (BOS is position 0)
 * @param blockStart true when the piece starts a new block (the point where carry-state=false resets)
 * @param last true for the stream's final piece
 */
public record Piece(int[] tokens, int[] targets, long position, boolean blockStart, boolean last) {
  public Piece {
    if (tokens.length == 0) {
      throw new IllegalArgumentException("piece at position " + position + " has no tokens");
    }
    if (targets.length != tokens.length) {
      throw new IllegalArgumentException(
          "targets: expected " + tokens.length + " entries, got " + targets.length);
    }
  }

  /** Number of tokens. */
  public int length() {
    return tokens.length;
  }
}
