package io.megaspark.megalodon.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.reference.ReferenceOutput;
import io.megaspark.megalodon.testing.TestModels;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layer-wise scan over P ranges equals the sequential reference over the whole document
 * (MODEL.md 1.10): both run in float64, so they differ by rounding only.
 */
class ScanForwardTest {
  /** Relative to the largest logit; float64 summaries merged in another order than step by step. */
  private static final double LOGITS_REL = 1e-9;
  /** Block outputs, absolute (they are O(1)-O(10)). */
  private static final double HIDDEN_ABS = 1e-8;
  /** TimestepNorm statistics, absolute: float64 on both sides. */
  private static final double NORM_ABS = 1e-9;
  /** CEMA h is stored as float32 in StreamState: at most one float32 rounding apart. */
  private static final double EMA_ABS = 1e-5;

  private static final MegalodonConfig TINY = ScanTesting.tiny();
  private static final ReferenceModel MODEL = new ReferenceModel(TestModels.perturbed(TINY, 5, 0.1));

  /** Cases: documents of 10-100 chunks (some ending inside a chunk), 2-9 ranges, fixed seeds. */
  static Stream<long[]> documents() {
    return IntStream.range(0, 8).mapToObj(i -> {
      SplittableRandom r = new SplittableRandom(1000 + i);
      int chunks = i == 0 ? 10 : i == 1 ? 100 : r.nextInt(10, 101);
      int parts = 2 + i % 8;
      long length = (long) chunks * TINY.chunkSize() - (i % 3 == 2 ? r.nextInt(1, 16) : 0);
      return new long[] {1000 + i, length, parts};
    });
  }

  @ParameterizedTest
  @MethodSource("documents")
  void scanOverRandomRanges_equalsSequentialModel(long[] c) {
    SplittableRandom r = new SplittableRandom(c[0]);
    int[] tokens = TestModels.tokens(TINY, (int) c[1], c[0]);
    DocumentRanges ranges = ScanTesting.randomRanges(r, c[1], TINY.chunkSize(), (int) c[2]);
    assertEquals(c[2], ranges.count());
    StreamState in = StreamState.initial(TINY);
    assertScanEqualsSequential(MODEL, in, tokens, ranges);
  }

  @Test
  void scanFromACarriedState_equalsSequentialFromThatState() {
    int[] prefix = TestModels.tokens(TINY, 7 * TINY.chunkSize(), 31);
    StreamState in = MODEL.forward(StreamState.initial(TINY), prefix).state();
    int[] tokens = TestModels.tokens(TINY, 40 * TINY.chunkSize() + 5, 32);
    DocumentRanges ranges = ScanTesting.randomRanges(new SplittableRandom(33), tokens.length,
        TINY.chunkSize(), 6);
    assertScanEqualsSequential(MODEL, in, tokens, ranges);
  }

  static Stream<MegalodonConfig> variants() {
    MegalodonConfig c = TestModels.micro();
    return Stream.of(c, c.toBuilder().swiglu(false).build(), c.toBuilder().scaleEmb(true).build(),
        c.toBuilder().shareEmb(true).build(), c.toBuilder().rescaleNffn(true).build(),
        c.toBuilder().normAffine(false).build(), c.toBuilder().numLayers(4).normNumGroups(2).build());
  }

  @ParameterizedTest
  @MethodSource("variants")
  void scanEqualsSequential_forEveryConfigVariant(MegalodonConfig cfg) {
    ReferenceModel model = new ReferenceModel(TestModels.perturbed(cfg, 9, 0.1));
    int[] tokens = TestModels.tokens(cfg, 23 * cfg.chunkSize() + 1, 8);
    DocumentRanges ranges = ScanTesting.randomRanges(new SplittableRandom(10), tokens.length,
        cfg.chunkSize(), 5);
    assertScanEqualsSequential(model, StreamState.initial(cfg), tokens, ranges);
  }

  @Test
  void oneRange_equalsSequentialModel() {
    int[] tokens = TestModels.tokens(TINY, 12 * TINY.chunkSize(), 4);
    assertScanEqualsSequential(MODEL, StreamState.initial(TINY), tokens,
        DocumentRanges.even(tokens.length, TINY.chunkSize(), 1));
  }

  @Test
  void finishFromInput_equalsFinishWithCorrection() {
    int[] tokens = TestModels.tokens(TINY, 5 * TINY.chunkSize(), 6);
    RangeActivations x = RangeWork.embed(MODEL, tokens);
    TimestepNormSummary incoming = TimestepNormSummary.local(
        ScanTesting.matrix(new SplittableRandom(2), 100, TINY.modelDim(), 1, 0.5), TINY.normNumGroups());
    SplittableRandom r = new SplittableRandom(3);
    int size = TINY.modelDim() * TINY.cemaNdim();
    double[][] hIn = {r.doubles(size, -1, 1).toArray(), r.doubles(size, -1, 1).toArray()};
    EmaStage stage = RangeWork.emaStage(MODEL.layer(0), x.x(), incoming);
    RangeActivations corrected = RangeWork.finish(MODEL.layer(0), x.x(), stage, hIn);
    RangeActivations rerun = RangeWork.finishFromInput(MODEL.layer(0), x.x(), incoming, hIn);
    assertTrue(ScanTesting.maxAbsDiff(corrected.x(), rerun.x()) <= HIDDEN_ABS);
  }

  @Test
  void subBlockedStages_equalWholeRangeStages() {
    int[] tokens = TestModels.tokens(TINY, 9 * TINY.chunkSize() + 7, 14);
    RangeActivations x = RangeWork.embed(MODEL, tokens);
    TimestepNormSummary incoming = TimestepNormSummary.local(
        ScanTesting.matrix(new SplittableRandom(4), 50, TINY.modelDim(), 1, 0.5), TINY.normNumGroups());
    SplittableRandom r = new SplittableRandom(5);
    int size = TINY.modelDim() * TINY.cemaNdim();
    double[][] hIn = {r.doubles(size, -1, 1).toArray(), r.doubles(size, -1, 1).toArray()};
    EmaSummary whole = RangeWork.emaStage(MODEL.layer(1), x.x(), incoming).summary();
    EmaSummary blocked = RangeWork.emaSummary(MODEL.layer(1), x.x(), incoming, 2 * TINY.chunkSize());
    assertTrue(ScanTesting.maxAbsDiff(whole.bRe(), blocked.bRe()) <= HIDDEN_ABS);
    assertTrue(ScanTesting.maxAbsDiff(whole.bIm(), blocked.bIm()) <= HIDDEN_ABS);
    assertEquals(whole.aRe()[3], blocked.aRe()[3], 0.0); // same closed form
    RangeActivations a = RangeWork.finishFromInput(MODEL.layer(1), x.x(), incoming, hIn);
    RangeActivations b = RangeWork.finishFromInput(MODEL.layer(1), x.x(), incoming, hIn,
        3 * TINY.chunkSize());
    assertTrue(ScanTesting.maxAbsDiff(a.x(), b.x()) <= HIDDEN_ABS);
    assertEquals(a.normSummary().count(), b.normSummary().count());
  }

  @Test
  void rangeStartingInsideAChunk_isRejected() {
    int[] tokens = TestModels.tokens(TINY, 4 * TINY.chunkSize(), 4);
    DocumentRanges ranges = new DocumentRanges(new long[] {0, 20}, tokens.length);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScanForward.run(MODEL, StreamState.initial(TINY), tokens, ranges));
    assertEquals("range 1 starts at token 20, inside a chunk of 16: ranges must start on chunk"
        + " boundaries", e.getMessage());
  }

  @Test
  void rangesOfAnotherLength_areRejected() {
    int[] tokens = TestModels.tokens(TINY, 64, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScanForward.run(MODEL, StreamState.initial(TINY), tokens, DocumentRanges.even(65, 16, 2)));
    assertEquals("ranges cover 65 tokens, the document has 64", e.getMessage());
  }

  @Test
  void evenRanges_coverTheDocumentOnChunkBoundaries() {
    DocumentRanges d = DocumentRanges.even(100, 16, 3);
    assertEquals("DocumentRanges[0, 32, 64] of 100", d.toString());
    assertEquals(100, d.end(2));
    assertEquals(2, DocumentRanges.even(20, 16, 9).count()); // only two chunks to split
  }

  static void assertScanEqualsSequential(ReferenceModel model, StreamState in, int[] tokens,
      DocumentRanges ranges) {
    ReferenceOutput seq = model.forward(in, tokens);
    ScanResult scan = ScanForward.run(model, in, tokens, ranges);
    String where = ranges.toString();
    double logitDiff = ScanTesting.maxAbsDiff(seq.logits(), scan.logits());
    double scale = ScanTesting.maxAbs(seq.logits());
    assertTrue(logitDiff <= LOGITS_REL * scale, where + ": logits differ by " + logitDiff
        + " (largest logit " + scale + ")");
    for (int l = 0; l < seq.hidden().length; l++) {
      double d = ScanTesting.maxAbsDiff(seq.hidden()[l], scan.hidden()[l]);
      assertTrue(d <= HIDDEN_ABS, where + ": layer " + l + " output differs by " + d);
    }
    assertStatesClose(seq.state(), scan.state(), where);
  }

  static void assertStatesClose(StreamState expected, StreamState actual, String where) {
    assertEquals(expected.position(), actual.position(), where + ": position");
    for (int l = 0; l < expected.numLayers(); l++) {
      assertEquals(expected.normCount(l), actual.normCount(l), where + ": count of layer " + l);
      assertTrue(ScanTesting.maxAbsDiff(expected.normMean(l), actual.normMean(l)) <= NORM_ABS, where);
      assertTrue(ScanTesting.maxAbsDiff(expected.normVar(l), actual.normVar(l)) <= NORM_ABS, where);
      assertTrue(ScanTesting.maxAbsDiff(expected.emaRe(l), actual.emaRe(l)) <= EMA_ABS, where);
      assertTrue(ScanTesting.maxAbsDiff(expected.emaIm(l), actual.emaIm(l)) <= EMA_ABS, where);
    }
    assertEquals(expected.outputNormCount(), actual.outputNormCount(), where);
    assertTrue(ScanTesting.maxAbsDiff(expected.outputNormMean(), actual.outputNormMean()) <= NORM_ABS);
    assertTrue(ScanTesting.maxAbsDiff(expected.outputNormVar(), actual.outputNormVar()) <= NORM_ABS);
  }
}
