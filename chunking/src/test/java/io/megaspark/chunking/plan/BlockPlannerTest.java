package io.megaspark.chunking.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.ChunkingException;
import io.megaspark.chunking.block.BlockSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockPlannerTest {
  private static final BlockSpec SPEC = new BlockSpec(2048, 4); // T = 8192
  private static final long BIG = 50_000_000;

  /** One 50M-token document among a thousand small ones (2 K to 200 K tokens, seeded). */
  private static List<DocumentLength> skewed() {
    Random rnd = new Random(2024);
    List<DocumentLength> docs = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      docs.add(new DocumentLength(String.format("small-%04d", i), 2_000 + rnd.nextInt(198_000)));
    }
    docs.add(new DocumentLength("huge", BIG));
    return docs;
  }

  @Test
  void skewedCorpusWithCuttingIsBalancedWithinTheGreedyBound() {
    PlannerConfig config = new PlannerConfig(8, SPEC, 4L << 20);
    BlockPlan plan = new BlockPlanner(config).plan(skewed());
    long total = plan.totalTokens();
    double mean = (double) total / 8;
    long largestPiece = plan.partitions().stream().flatMap(p -> p.pieces().stream())
        .mapToLong(DocumentPiece::tokens).max().orElseThrow();
    // Stated bound (BlockPlanner): max <= mean + largest piece, and <= 4/3 - 1/(3P) of the optimum,
    // itself >= max(mean, largest piece). Exact integers, no tolerance.
    assertTrue(plan.maxPartitionTokens() <= mean + largestPiece, plan.listing(3));
    assertTrue(plan.maxPartitionTokens() <= (4.0 / 3 - 1.0 / 24) * Math.max(mean, largestPiece));
    // With pieces of at most 4 Mi tokens among 110 M, the greedy result is in fact within 1 percent.
    assertTrue(plan.imbalance() < 1.01, "imbalance " + plan.imbalance() + "\n" + plan.listing(3));
    assertEveryTokenAssignedOnce(skewed(), plan);
  }

  @Test
  void skewedCorpusWithoutCuttingKeepsTheHugeDocumentWholeAndTheRestAway() {
    BlockPlan plan = new BlockPlanner(PlannerConfig.wholeDocuments(8, SPEC)).plan(skewed());
    PartitionPlan withHuge = plan.partitions().stream()
        .filter(p -> p.pieces().stream().anyMatch(d -> d.docId().equals("huge"))).findFirst().orElseThrow();
    assertEquals(1, withHuge.pieces().size(), "the huge document's partition gets nothing else");
    assertEquals(BIG, plan.maxPartitionTokens(), "no partition exceeds the largest document");
    assertEveryTokenAssignedOnce(skewed(), plan);
  }

  @Test
  void planIsDeterministicAndIndependentOfInputOrder() {
    PlannerConfig config = new PlannerConfig(5, SPEC, 4L << 20);
    BlockPlan a = new BlockPlanner(config).plan(skewed());
    List<DocumentLength> shuffled = new ArrayList<>(skewed());
    Collections.shuffle(shuffled, new Random(9));
    BlockPlan b = new BlockPlanner(config).plan(shuffled);
    assertEquals(a, b);
    assertEquals(a.listing(1000), b.listing(1000));
  }

  @Test
  void cutRangesAreWholeBlocksEvenlyShared() {
    BlockPlanner planner = new BlockPlanner(new PlannerConfig(4, SPEC, 10 * 8192));
    List<DocumentPiece> ranges = planner.cut(new DocumentLength("d", 25 * 8192 + 100)); // 26 blocks
    assertEquals(3, ranges.size(), "ceil(26 / 10) ranges");
    assertEquals(List.of(8L, 9L, 9L), ranges.stream().map(DocumentPiece::blockCount).toList());
    for (DocumentPiece r : ranges) {
      assertEquals(r.firstBlock() * 8192, r.firstToken(), "ranges start on block boundaries");
      assertTrue(r.tokens() <= 10 * 8192, "no range over the limit");
    }
    assertEquals(100 + 8 * 8192, ranges.get(2).tokens(), "the last range ends with the short block");
  }

  @Test
  void wavesBatchBlockKOfEveryPieceThatHasOne() {
    List<DocumentLength> docs = List.of(new DocumentLength("a", 3 * 8192), new DocumentLength("b", 1),
        new DocumentLength("c", 8193));
    PartitionPlan p = new BlockPlanner(PlannerConfig.wholeDocuments(1, SPEC)).plan(docs).partitions().get(0);
    assertEquals(List.of("a", "c", "b"), p.pieces().stream().map(DocumentPiece::docId).toList());
    assertEquals(3, p.waveCount());
    assertEquals(List.of(new BlockRef("a", 0), new BlockRef("c", 0), new BlockRef("b", 0)), p.wave(0));
    assertEquals(List.of(new BlockRef("a", 1), new BlockRef("c", 1)), p.wave(1));
    assertEquals(List.of(new BlockRef("a", 2)), p.wave(2));
    assertEquals("wave 3 of partition 0: must be in [0, 3)",
        assertThrows(IllegalArgumentException.class, () -> p.wave(3)).getMessage());
  }

  @Test
  void morePartitionsThanDocumentsLeavesSomeEmpty() {
    BlockPlan plan = new BlockPlanner(PlannerConfig.wholeDocuments(4, SPEC))
        .plan(List.of(new DocumentLength("x", 5), new DocumentLength("y", 7)));
    assertEquals(List.of(1, 1, 0, 0), plan.partitions().stream().map(p -> p.pieces().size()).toList());
    assertEquals(0, plan.partitions().get(3).waveCount());
  }

  @Test
  void plan_duplicateIds_areRejectedWithTheId() {
    ChunkingException e = assertThrows(ChunkingException.class, () -> new BlockPlanner(
        PlannerConfig.wholeDocuments(2, SPEC)).plan(List.of(new DocumentLength("same", 3),
            new DocumentLength("same", 4))));
    assertTrue(e.getMessage().startsWith("duplicate document id 'same': "), e.getMessage());
  }

  @Test
  void plannerConfig_splitBelowOneBlock_isRejected() {
    assertEquals("splitAboveTokens: 100, must be >= the block length 8192",
        assertThrows(IllegalArgumentException.class, () -> new PlannerConfig(2, SPEC, 100)).getMessage());
    assertEquals("partitions: 0, must be >= 1",
        assertThrows(IllegalArgumentException.class, () -> new PlannerConfig(0, SPEC, 9000)).getMessage());
  }

  /** Every document's pieces, in range order, cover [0, tokens) contiguously, blocks and tokens alike. */
  private static void assertEveryTokenAssignedOnce(List<DocumentLength> docs, BlockPlan plan) {
    Map<String, List<DocumentPiece>> byDoc = new HashMap<>();
    plan.partitions().forEach(p -> p.pieces().forEach(
        piece -> byDoc.computeIfAbsent(piece.docId(), k -> new ArrayList<>()).add(piece)));
    assertEquals(docs.size(), byDoc.size());
    for (DocumentLength d : docs) {
      List<DocumentPiece> pieces = byDoc.get(d.docId());
      pieces.sort(Comparator.comparingInt(DocumentPiece::rangeIndex));
      long token = 0;
      long block = 0;
      for (int i = 0; i < pieces.size(); i++) {
        DocumentPiece p = pieces.get(i);
        assertEquals(i, p.rangeIndex());
        assertEquals(pieces.size(), p.rangeCount());
        assertEquals(token, p.firstToken());
        assertEquals(block, p.firstBlock());
        token += p.tokens();
        block += p.blockCount();
      }
      assertEquals(d.tokens(), token, d.docId());
      assertEquals(SPEC.blockCount(d.tokens()), block, d.docId());
    }
    assertEquals(docs.stream().mapToLong(DocumentLength::tokens).sum(), plan.totalTokens());
  }
}
