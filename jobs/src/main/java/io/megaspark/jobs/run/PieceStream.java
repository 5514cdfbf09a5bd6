package io.megaspark.jobs.run;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a document's token stream into {@link Piece}s for the model, reading the tokens lazily (one block
 * plus one token of look-ahead in memory, whatever the document's length).
 *
 * <p>The fed stream is BOS followed by the text's tokens; EOS is never fed: it is only the target of the
 * last position, so the final state is the state before EOS (what generation and incremental runs
 * continue from) and the score is the same as over BOS + text + EOS (EOS's own position predicts nothing).
 * Every position's target is the next token; the last position of a block takes its target from the
 * look-ahead.
 *
 * <p>Blocks are {@code blockTokens} long. With {@code splitAtLastBoundary}, the final block is cut at its
 * last chunk boundary strictly before the end, so the final piece holds 1..C tokens and starts on a chunk
 * boundary: its input state is the state to continue from exactly (attention inside the partial chunk
 * needs those tokens again; MODEL.md section 1.4).
 */
public final class PieceStream implements Iterator<Piece> {
  private final Iterator<int[]> source;
  private final int eos;
  private final int blockTokens;
  private final int chunk;
  private final boolean splitAtLastBoundary;
  private final long scoreFrom;

  private int[] pending = new int[0];
  private int pendingStart;
  private int pendingEnd;
  private long position;
  private Piece deferred;
  private boolean finished;

  /**
   * @param source the fed tokens in order, in arrays of any length (empty arrays are skipped)
   * @param eos the end-of-stream token, target of the last fed position
   * @param startPosition stream position of the first fed token (0 for BOS)
   * @param scoreFrom first position whose prediction is scored (0 = all; an incremental run re-feeds
   *     already scored context)
   * @param blockTokens T, a positive multiple of {@code chunk}
   * @param chunk C
   * @param splitAtLastBoundary end with a piece of 1..C tokens starting on a chunk boundary
   */
  public PieceStream(Iterator<int[]> source, int eos, long startPosition, long scoreFrom, int blockTokens,
      int chunk, boolean splitAtLastBoundary) {
    if (chunk < 1 || blockTokens < chunk || blockTokens % chunk != 0) {
      throw new IllegalArgumentException(
          "blockTokens: got " + blockTokens + ", must be a positive multiple of the chunk size " + chunk);
    }
    this.source = source;
    this.eos = eos;
    this.position = startPosition;
    this.scoreFrom = scoreFrom;
    this.blockTokens = blockTokens;
    this.chunk = chunk;
    this.splitAtLastBoundary = splitAtLastBoundary;
  }

  @Override
  public boolean hasNext() {
    if (deferred != null) {
      return true;
    }
    if (finished) {
      return false;
    }
    fill(blockTokens + 1);
    if (available() == 0) {
      throw new IllegalStateException("a token stream must feed at least one token (BOS)");
    }
    return true;
  }

  @Override
  public Piece next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (deferred != null) {
      Piece p = deferred;
      deferred = null;
      return p;
    }
    if (available() > blockTokens) {
      return take(blockTokens, pending[pendingStart + blockTokens], true, false);
    }
    finished = true;
    int n = available();
    int cut = splitAtLastBoundary ? ((n - 1) / chunk) * chunk : 0;
    if (cut == 0) {
      return take(n, eos, true, true);
    }
    Piece head = take(cut, pending[pendingStart + cut], true, false);
    deferred = take(n - cut, eos, false, true);
    return head;
  }

  private Piece take(int n, int following, boolean blockStart, boolean last) {
    int[] tokens = Arrays.copyOfRange(pending, pendingStart, pendingStart + n);
    int[] targets = new int[n];
    for (int i = 0; i < n; i++) {
      int target = i + 1 < n ? tokens[i + 1] : following;
      targets[i] = position + i >= scoreFrom ? target : -1;
    }
    Piece p = new Piece(tokens, targets, position, blockStart, last);
    pendingStart += n;
    position += n;
    return p;
  }

  private int available() {
    return pendingEnd - pendingStart;
  }

  /** Reads from the source until {@code want} tokens are buffered or the source is exhausted. */
  private void fill(int want) {
    while (available() < want && source.hasNext()) {
      int[] more = source.next();
      if (pendingEnd + more.length > pending.length) {
        int have = available();
        int[] bigger = have + more.length > pending.length
            ? new int[Math.max(2 * pending.length, have + more.length)] : pending;
        System.arraycopy(pending, pendingStart, bigger, 0, have);
        pending = bigger;
        pendingStart = 0;
        pendingEnd = have;
      }
      System.arraycopy(more, 0, pending, pendingEnd, more.length);
      pendingEnd += more.length;
    }
  }
}
