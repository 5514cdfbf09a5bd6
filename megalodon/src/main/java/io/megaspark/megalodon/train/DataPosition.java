package io.megaspark.megalodon.train;

import java.util.Arrays;

/**
 * Where a {@link StreamBatcher} stands: enough to continue the exact same sequence of batches after a
 * restart. Saved in a checkpoint's JSON.
 *
 * @param epoch current pass over the pieces (the shuffle of epoch e is seeded by (seed, e))
 * @param nextInOrder index in epoch {@code epoch}'s shuffled order of the next piece to hand out
 * @param rowPiece [B] piece each row streams, or -1 for a row waiting for a piece
 * @param rowOffset [B] token offset within that piece of the row's next block
 */
public record DataPosition(long epoch, int nextInOrder, int[] rowPiece, long[] rowOffset) {
  public DataPosition {
    if (rowPiece.length != rowOffset.length) {
      throw new IllegalArgumentException(
          "row_piece and row_offset must have one entry per row: " + rowPiece.length + " vs " + rowOffset.length);
    }
    rowPiece = rowPiece.clone();
    rowOffset = rowOffset.clone();
  }

  @Override
  public int[] rowPiece() {
    return rowPiece.clone();
  }

  @Override
  public long[] rowOffset() {
    return rowOffset.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataPosition p && epoch == p.epoch && nextInOrder == p.nextInOrder
        && Arrays.equals(rowPiece, p.rowPiece) && Arrays.equals(rowOffset, p.rowOffset);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(epoch) * 31 + nextInOrder + Arrays.hashCode(rowPiece) * 17 + Arrays.hashCode(rowOffset);
  }

  @Override
  public String toString() {
    return "DataPosition[epoch=" + epoch + ", next=" + nextInOrder + ", rows=" + Arrays.toString(rowPiece)
        + "@" + Arrays.toString(rowOffset) + "]";
  }
}
