package io.megaspark.jobs.longdoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.MegasparkException;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.memory.InfiniMemoryConfig;
import io.megaspark.megalodon.memory.UpdateRule;
import io.megaspark.megalodon.scan.DocumentRanges;
import org.junit.jupiter.api.Test;

/** The planner's choices (issue 10, deliverable 3). */
class LongDocPlannerTest {
  private static final int CHUNK = 16;
  private static final LongDocPlanner.Cluster EIGHT_CORES = new LongDocPlanner.Cluster(8, 10_000_000);

  private static LongDocPlan plan(long length, LongDocMode mode, long max, LongDocPlanner.Cluster c,
      MemoryMode memory) {
    return LongDocPlanner.plan(length, CHUNK, new LongDocOptions(mode, max), c, memory);
  }

  @Test
  void documentWithinMaxTokens_runsInOneTaskInEveryMode() {
    for (LongDocMode m : LongDocMode.values()) {
      LongDocPlan p = plan(1000, m, 1000, EIGHT_CORES, MemoryMode.NONE);
      assertEquals(LongDocMode.SINGLE, p.mode(), m.toString());
      assertEquals(1, p.ranges().count());
    }
  }

  @Test
  void singleMode_keepsALongDocumentInOneTask() {
    LongDocPlan p = plan(1_000_000, LongDocMode.SINGLE, 1000, EIGHT_CORES, MemoryMode.NONE);
    assertEquals(LongDocMode.SINGLE, p.mode());
    assertEquals("--long-doc-mode=single", p.reason());
  }

  @Test
  void relay_usesTheFewestRangesThatRespectMaxTokens() {
    LongDocPlan p = plan(10_000, LongDocMode.RELAY, 1000, EIGHT_CORES, MemoryMode.NONE);
    assertEquals(LongDocMode.RELAY, p.mode());
    // 625 chunks, at most 62 chunks (992 tokens) per range: 11 ranges
    assertEquals(11, p.ranges().count());
    assertRangesWithin(p.ranges(), 1000);
  }

  @Test
  void scan_usesAtLeastOneRangePerCore() {
    LongDocPlan p = plan(3000, LongDocMode.SCAN, 2000, EIGHT_CORES, MemoryMode.NONE);
    assertEquals(LongDocMode.SCAN, p.mode());
    assertEquals(8, p.ranges().count());
    assertRangesWithin(p.ranges(), 2000);
  }

  @Test
  void scan_neverSplitsFinerThanChunks() {
    LongDocPlan p = plan(40, LongDocMode.SCAN, 20, EIGHT_CORES, MemoryMode.NONE);
    assertEquals(3, p.ranges().count()); // 3 chunks, the last one partial
    assertEquals("DocumentRanges[0, 16, 32] of 40", p.ranges().toString());
  }

  @Test
  void maxTokensBelowTheChunk_givesOneChunkPerRange() {
    LongDocPlan p = plan(64, LongDocMode.RELAY, 5, EIGHT_CORES, MemoryMode.NONE);
    assertEquals(4, p.ranges().count());
  }

  @Test
  void auto_scansTheCriticalPathDocument() {
    // 5M of 10M tokens on 8 cores: the document alone outlasts the fair share of 1.25M
    LongDocPlan p = plan(5_000_000, LongDocMode.AUTO, 1 << 20, EIGHT_CORES, MemoryMode.NONE);
    assertEquals(LongDocMode.SCAN, p.mode());
    assertEquals(8, p.ranges().count());
    assertTrue(p.reason().contains("critical path"), p.reason());
  }

  @Test
  void auto_relaysWhenOtherDocumentsKeepTheCoresBusy() {
    LongDocPlan p = plan(1_200_000, LongDocMode.AUTO, 1 << 20, EIGHT_CORES, MemoryMode.NONE);
    assertEquals(LongDocMode.RELAY, p.mode());
    assertEquals(2, p.ranges().count());
    assertTrue(p.reason().contains("other documents keep the 8 cores busy"), p.reason());
  }

  @Test
  void auto_relaysOnOneCore() {
    LongDocPlan p = plan(5_000_000, LongDocMode.AUTO, 1 << 20, new LongDocPlanner.Cluster(1,
        5_000_000), MemoryMode.NONE);
    assertEquals(LongDocMode.RELAY, p.mode());
  }

  @Test
  void deltaInfiniMemory_forcesRelayAndSaysWhy() {
    for (LongDocMode m : new LongDocMode[] {LongDocMode.SCAN, LongDocMode.AUTO}) {
      LongDocPlan p = plan(5_000_000, m, 1 << 20, EIGHT_CORES, MemoryMode.INFINI_DELTA);
      assertEquals(LongDocMode.RELAY, p.mode(), m.toString());
      assertTrue(p.reason().contains("delta update is not associative"), p.reason());
    }
  }

  @Test
  void linearInfiniMemory_scans() {
    LongDocPlan p = plan(5_000_000, LongDocMode.SCAN, 1 << 20, EIGHT_CORES, MemoryMode.INFINI_LINEAR);
    assertEquals(LongDocMode.SCAN, p.mode());
    assertEquals(8, p.ranges().count());
  }

  @Test
  void memoryMode_followsTheConfigsInfiniSection() {
    MegalodonConfig plain = MegalodonConfig.builder().vocabSize(260).build();
    assertEquals(MemoryMode.NONE, MemoryMode.of(plain));
    assertEquals(MemoryMode.NONE, MemoryMode.of(null)); // a model built in code
    assertEquals(MemoryMode.INFINI_LINEAR, MemoryMode.of(plain.toBuilder()
        .infini(new InfiniMemoryConfig(true, UpdateRule.LINEAR, 0.0)).build()));
    assertEquals(MemoryMode.INFINI_DELTA, MemoryMode.of(plain.toBuilder()
        .infini(new InfiniMemoryConfig(true, UpdateRule.DELTA, 0.0)).build()));
  }

  @Test
  void parse_acceptsTheFourModesInAnyCase() {
    assertEquals(LongDocMode.SCAN, LongDocMode.parse("Scan"));
    assertEquals(LongDocMode.AUTO, LongDocMode.parse(" auto "));
  }

  @Test
  void parse_unknownMode_listsTheValidOnes() {
    MegasparkException e = assertThrows(MegasparkException.class, () -> LongDocMode.parse("fast"));
    assertEquals("bad --long-doc-mode 'fast': expected one of auto|single|relay|scan (auto picks relay"
        + " or scan per document; single keeps every document in one task)", e.getMessage());
  }

  @Test
  void options_nonPositiveMaxTokens_isRejected() {
    MegasparkException e = assertThrows(MegasparkException.class,
        () -> new LongDocOptions(LongDocMode.AUTO, 0));
    assertTrue(e.getMessage().startsWith("bad --max-tokens-per-task 0: must be a positive number"),
        e.getMessage());
  }

  private static void assertRangesWithin(DocumentRanges r, long max) {
    for (int i = 0; i < r.count(); i++) {
      assertTrue(r.end(i) - r.start(i) <= max, "range " + i + " of " + r);
      assertEquals(0, r.start(i) % CHUNK, "range " + i + " of " + r);
    }
  }
}
