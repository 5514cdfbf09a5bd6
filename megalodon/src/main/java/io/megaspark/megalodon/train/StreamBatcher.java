package io.megaspark.megalodon.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Turns documents into training batches for truncated back-propagation through time.
 *
 * <p>Documents are first cut into pieces of at most {@code maxPieceTokens} targets (0 = whole
 * documents); a piece is the unit a row streams from its start, with fresh state, to its end. Each epoch
 * shuffles the pieces with a seed derived from (seed, epoch). Each of the B rows takes the next piece in
 * that order and emits its blocks of T tokens one per batch, in order; the last block of a piece is
 * padded. A row that finishes a piece takes the next one (crossing into the next epoch if needed) on the
 * following batch, flagged in {@link TrainingBatch#startsPiece()} so the trainer resets its state.
 *
 * <p>Everything is a function of (documents, settings, seed, {@link #position()}): a batcher rebuilt
 * from a saved position continues with exactly the same batches.
 */
public final class StreamBatcher {
  private record Piece(int doc, int start, int end) {}

  private final List<TokenDocument> documents;
  private final List<Piece> pieces = new ArrayList<>();
  private final int batch;
  private final int blockTokens;
  private final long seed;
  private long epoch;
  private List<Integer> order;
  private int nextInOrder;
  private final int[] rowPiece;
  private final long[] rowOffset;

  /**
   * @param documents the corpus, at least one document
   * @param batch rows per batch (B)
   * @param blockTokens tokens per row per batch (T)
   * @param maxPieceTokens cut documents into pieces of at most this many targets; 0 keeps them whole
   * @param seed shuffle seed
   */
  public StreamBatcher(List<TokenDocument> documents, int batch, int blockTokens, int maxPieceTokens, long seed) {
    if (documents.isEmpty()) {
      throw new IllegalArgumentException("the training corpus has no documents");
    }
    if (batch <= 0 || blockTokens <= 0 || maxPieceTokens < 0) {
      throw new IllegalArgumentException("batch and block_tokens must be positive and max_piece_tokens >= 0: batch="
          + batch + ", block_tokens=" + blockTokens + ", max_piece_tokens=" + maxPieceTokens);
    }
    this.documents = List.copyOf(documents);
    this.batch = batch;
    this.blockTokens = blockTokens;
    this.seed = seed;
    for (int d = 0; d < documents.size(); d++) {
      int n = documents.get(d).tokens().length;
      int step = maxPieceTokens == 0 ? n : maxPieceTokens;
      for (int s = 0; s < n - 1; s += step) {
        pieces.add(new Piece(d, s, Math.min(n, s + step + 1)));
      }
    }
    this.rowPiece = new int[batch];
    this.rowOffset = new long[batch];
    seek(new DataPosition(0, 0, filled(batch, -1), new long[batch]));
  }

  private static int[] filled(int n, int v) {
    int[] a = new int[n];
    Arrays.fill(a, v);
    return a;
  }

  /** Moves to a saved position (from {@link #position()} of a batcher with the same inputs). */
  public void seek(DataPosition p) {
    if (p.rowPiece().length != batch) {
      throw new IllegalArgumentException(
          "saved data position has " + p.rowPiece().length + " rows, this batcher has batch=" + batch);
    }
    epoch = p.epoch();
    order = shuffled(epoch);
    nextInOrder = p.nextInOrder();
    System.arraycopy(p.rowPiece(), 0, rowPiece, 0, batch);
    System.arraycopy(p.rowOffset(), 0, rowOffset, 0, batch);
  }

  public DataPosition position() {
    return new DataPosition(epoch, nextInOrder, rowPiece, rowOffset);
  }

  private List<Integer> shuffled(long e) {
    List<Integer> o = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      o.add(i);
    }
    Collections.shuffle(o, new Random(seed * 1_000_003L + e));
    return o;
  }

  public int pieceCount() {
    return pieces.size();
  }

  /** The next batch. */
  public TrainingBatch next() {
    int[][] inputs = new int[batch][blockTokens];
    int[][] targets = new int[batch][blockTokens];
    int[] valid = new int[batch];
    boolean[] starts = new boolean[batch];
    String[] ids = new String[batch];
    for (int b = 0; b < batch; b++) {
      if (rowPiece[b] < 0) {
        rowPiece[b] = takePiece();
        rowOffset[b] = 0;
      }
      Piece piece = pieces.get(rowPiece[b]);
      starts[b] = rowOffset[b] == 0;
      ids[b] = documents.get(piece.doc()).id() + "@" + piece.start();
      valid[b] = fillRow(piece, (int) rowOffset[b], inputs[b], targets[b]);
      rowOffset[b] += blockTokens;
      if (piece.start() + rowOffset[b] >= piece.end() - 1) {
        rowPiece[b] = -1;
      }
    }
    return new TrainingBatch(inputs, targets, valid, starts, ids);
  }

  private int takePiece() {
    if (nextInOrder == order.size()) {
      epoch++;
      order = shuffled(epoch);
      nextInOrder = 0;
    }
    return order.get(nextInOrder++);
  }

  /** Copies one block of a piece; returns the number of real input tokens. */
  private int fillRow(Piece piece, int offset, int[] in, int[] out) {
    int[] tokens = documents.get(piece.doc()).tokens();
    int from = piece.start() + offset;
    int inputs = Math.min(blockTokens, piece.end() - from);
    Arrays.fill(out, TrainingBatch.IGNORE);
    for (int t = 0; t < inputs; t++) {
      in[t] = tokens[from + t];
      if (from + t + 1 < piece.end()) {
        out[t] = tokens[from + t + 1];
      }
    }
    return inputs;
  }
}
