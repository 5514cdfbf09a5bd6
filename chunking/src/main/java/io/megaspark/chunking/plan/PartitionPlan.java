package io.megaspark.chunking.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one partition processes: its pieces ordered by block count (most first, then by id), so that wave k
 * (block k of every piece that has one) is a prefix of the list and batches of the model shrink as
 * documents end (DESIGN.md mode 1: block k of many documents batched into one call).
 *
 * @param index the partition, from 0
 * @param pieces whole documents or ranges, in wave order
 */
public record PartitionPlan(int index, List<DocumentPiece> pieces) {
  public PartitionPlan {
    pieces = List.copyOf(Objects.requireNonNull(pieces, "pieces"));
    for (int i = 1; i < pieces.size(); i++) {
      if (pieces.get(i).blockCount() > pieces.get(i - 1).blockCount()) {
        throw new IllegalArgumentException("pieces of partition " + index + " must be ordered by block count,"
            + " most first: " + pieces.get(i - 1) + " before " + pieces.get(i));
      }
    }
  }

  public long tokens() {
    return pieces.stream().mapToLong(DocumentPiece::tokens).sum();
  }

  public long blocks() {
    return pieces.stream().mapToLong(DocumentPiece::blockCount).sum();
  }

  /** Waves = the most blocks of any piece. */
  public long waveCount() {
    return pieces.isEmpty() ? 0 : pieces.get(0).blockCount();
  }

  /** Wave k: block k (counted from each piece's first block) of every piece that has more than k blocks. */
  public List<BlockRef> wave(long k) {
    if (k < 0 || k >= waveCount()) {
      throw new IllegalArgumentException("wave " + k + " of partition " + index + ": must be in [0, "
          + waveCount() + ")");
    }
    List<BlockRef> out = new ArrayList<>();
    for (DocumentPiece p : pieces) {
      if (p.blockCount() <= k) {
        break;
      }
      out.add(new BlockRef(p.docId(), p.firstBlock() + k));
    }
    return out;
  }
}
