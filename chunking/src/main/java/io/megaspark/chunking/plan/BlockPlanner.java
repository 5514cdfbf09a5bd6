package io.megaspark.chunking.plan;

import io.megaspark.chunking.ChunkingErrors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Assigns documents to P partitions with balanced token counts. Pure logic: no I/O, no Spark.
 *
 * <ol>
 *   <li>Cut every document longer than {@code splitAboveTokens} into r contiguous ranges of whole blocks,
 *       r = ceil(blocks / maxBlocksPerRange), the blocks shared out evenly (range sizes differ by at most
 *       one block), for the cross-partition mode (DESIGN.md mode 2).
 *   <li>Sort the pieces by tokens, most first, then by document id and range: the plan does not depend on
 *       the input order.
 *   <li>Longest-processing-time-first: give each piece to the partition with the fewest tokens so far
 *       (lowest index on ties). Bound: the most loaded partition has at most mean + largest piece tokens
 *       (any greedy list schedule), and at most (4/3 - 1/(3P)) times the optimum (Graham 1969).
 *   <li>Order each partition's pieces by block count, most first, so block k of its pieces forms a wave.
 * </ol>
 */
public final class BlockPlanner {
  private static final Comparator<DocumentPiece> LARGEST_FIRST =
      Comparator.comparingLong(DocumentPiece::tokens).reversed()
          .thenComparing(DocumentPiece::docId)
          .thenComparingInt(DocumentPiece::rangeIndex);
  private static final Comparator<DocumentPiece> WAVE_ORDER =
      Comparator.comparingLong(DocumentPiece::blockCount).reversed()
          .thenComparing(DocumentPiece::docId)
          .thenComparingInt(DocumentPiece::rangeIndex);

  private final PlannerConfig config;

  public BlockPlanner(PlannerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Plans the documents.
   *
   * @throws io.megaspark.chunking.ChunkingException if two documents share an id
   */
  public BlockPlan plan(Collection<DocumentLength> documents) {
    List<DocumentPiece> pieces = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (DocumentLength d : documents) {
      if (!seen.add(d.docId())) {
        throw ChunkingErrors.duplicateDocument(d.docId());
      }
      pieces.addAll(cut(d));
    }
    pieces.sort(LARGEST_FIRST);
    List<List<DocumentPiece>> assigned = assign(pieces);
    List<PartitionPlan> plans = new ArrayList<>(assigned.size());
    for (int i = 0; i < assigned.size(); i++) {
      List<DocumentPiece> list = assigned.get(i);
      list.sort(WAVE_ORDER);
      plans.add(new PartitionPlan(i, list));
    }
    return new BlockPlan(config, plans);
  }

  /** Step 1: a whole document, or r contiguous ranges of whole blocks. */
  List<DocumentPiece> cut(DocumentLength d) {
    long t = config.spec().blockLength();
    long blocks = config.spec().blockCount(d.tokens());
    if (d.tokens() <= config.splitAboveTokens()) {
      return List.of(new DocumentPiece(d.docId(), 0, 1, 0, blocks, 0, d.tokens()));
    }
    long perRange = config.maxBlocksPerRange();
    long ranges = (blocks + perRange - 1) / perRange;
    if (ranges > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("document " + d.docId() + " would be cut into " + ranges + " ranges");
    }
    List<DocumentPiece> out = new ArrayList<>((int) ranges);
    for (int i = 0; i < ranges; i++) {
      long first = Math.multiplyExact(blocks, i) / ranges;
      long end = Math.multiplyExact(blocks, i + 1) / ranges;
      long firstToken = first * t;
      long tokens = Math.min(end * t, d.tokens()) - firstToken;
      out.add(new DocumentPiece(d.docId(), i, (int) ranges, first, end - first, firstToken, tokens));
    }
    return out;
  }

  /** Step 3: longest processing time first over a heap of (load, partition index). */
  private List<List<DocumentPiece>> assign(List<DocumentPiece> sorted) {
    int p = config.partitions();
    long[] load = new long[p];
    PriorityQueue<Integer> lightest = new PriorityQueue<>(
        Comparator.<Integer>comparingLong(i -> load[i]).thenComparingInt(i -> i));
    List<List<DocumentPiece>> out = new ArrayList<>(p);
    for (int i = 0; i < p; i++) {
      lightest.add(i);
      out.add(new ArrayList<>());
    }
    for (DocumentPiece piece : sorted) {
      int i = lightest.poll();
      out.get(i).add(piece);
      load[i] += piece.tokens();
      lightest.add(i);
    }
    return out;
  }
}
