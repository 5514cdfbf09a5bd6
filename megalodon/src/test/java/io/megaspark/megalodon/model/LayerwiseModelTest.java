package io.megaspark.megalodon.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.memory.InfiniMemoryConfig;
import io.megaspark.megalodon.memory.UpdateRule;
import io.megaspark.megalodon.scan.TimestepNormSummary;
import io.megaspark.megalodon.testing.TestModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * The model one stage at a time ({@link LayerwiseModel}) against the whole-model graph, and the two facts
 * the layer-wise scan rests on: a block's CEMA state from h = 0 composes with q^T (MODEL.md 1.10), and
 * fetching only the state runs no attention and no FFN.
 */
class LayerwiseModelTest {
  private static final int T = 8; // two chunks of the micro config
  private static MegalodonConfig plain;
  private static MegalodonConfig linear;
  private static MegalodonModel plainModel;
  private static MegalodonModel linearModel;

  @BeforeAll
  static void build() {
    plain = TestModels.micro();
    linear = plain.toBuilder().infini(new InfiniMemoryConfig(true, UpdateRule.LINEAR, 0.0)).build();
    plainModel = MegalodonModel.of(plain, TestModels.perturbed(plain, 21, 0.1), ModelOptions.threads(2));
    linearModel = MegalodonModel.of(linear, TestModels.perturbed(linear, 22, 0.1), ModelOptions.threads(2));
  }

  @AfterAll
  static void close() {
    plainModel.close();
    linearModel.close();
  }

  @Test
  void stageByStage_equalsTheWholeModel() {
    for (MegalodonModel m : List.of(plainModel, linearModel)) {
      MegalodonConfig cfg = m.config();
      int[] doc = TestModels.tokens(cfg, 3 * T + 6, 5);
      StreamState whole = StreamState.initial(cfg);
      StreamState staged = StreamState.initial(cfg);
      for (int from = 0; from < doc.length; from += T) {
        int valid = Math.min(T, doc.length - from);
        int[] block = Arrays.copyOf(Arrays.copyOfRange(doc, from, from + valid), T);
        int[] targets = targets(doc, from, valid);
        BlockOutput w = m.forward(new StreamState[] {whole}, new int[][] {block}, new int[] {valid},
            OutputRequest.targets(new int[][] {targets}));
        Staged s = staged(m, staged, block, valid, targets);
        for (int t = 0; t < valid; t++) {
          assertEquals(w.targetLogProbs()[0][t], s.logProbs[t], 1e-5, "position " + (from + t)); // float32
        }
        whole = w.states()[0];
        staged = s.state;
        assertStatesClose(whole, staged, 1e-5); // float32 h, float64 statistics
      }
    }
  }

  @Test
  void emaStateFromZero_composesWithTheDecayPower() {
    LayerwiseModel lw = plainModel.layerwise();
    int[] doc = TestModels.tokens(plain, 2 * T, 6);
    StreamState s = plainModel.forward(new StreamState[] {StreamState.initial(plain)},
        new int[][] {Arrays.copyOf(doc, T)}, new int[] {T}, OutputRequest.stateOnly()).states()[0];
    float[] x = lw.embed(Arrays.copyOfRange(doc, T, 2 * T), T).x();
    LayerState in = LayerState.of(s, 0);
    LayerState exact = lw.forward(0, x, T, in).next();
    int dn = in.emaRe().length;
    LayerState local = lw.advance(0, x, T, in.withEma(new float[dn], new float[dn]), false);
    double[][] a = lw.emaPower(0, T);
    for (int i = 0; i < dn; i++) { // h_end = q^T h_in + h_loc
      double re = a[0][i] * in.emaRe()[i] - a[1][i] * in.emaIm()[i] + local.emaRe()[i];
      double im = a[0][i] * in.emaIm()[i] + a[1][i] * in.emaRe()[i] + local.emaIm()[i];
      assertEquals(exact.emaRe()[i], re, 1e-5, "re " + i); // float32 state
      assertEquals(exact.emaIm()[i], im, 1e-5, "im " + i);
    }
    assertEquals(exact.norm().count(), local.norm().count());
    assertTrue(Arrays.equals(exact.norm().mean(), local.norm().mean()), "same TimestepNorm ops, same bits");
  }

  @Test
  void linearMemoryWriteFromEmpty_addsToTheCarriedMemory() {
    LayerwiseModel lw = linearModel.layerwise();
    int[] doc = TestModels.tokens(linear, 2 * T, 7);
    StreamState s = linearModel.forward(new StreamState[] {StreamState.initial(linear)},
        new int[][] {Arrays.copyOf(doc, T)}, new int[] {T}, OutputRequest.stateOnly()).states()[0];
    float[] x = lw.embed(Arrays.copyOfRange(doc, T, 2 * T), T).x();
    LayerState in = LayerState.of(s, 1);
    LayerState exact = lw.forward(1, x, T, in).next();
    LayerState write = lw.advance(1, x, T, in.withMemory(new double[in.memoryM().length],
        new double[in.memoryZ().length]), true);
    for (int i = 0; i < in.memoryM().length; i++) {
      assertEquals(exact.memoryM()[i], in.memoryM()[i] + write.memoryM()[i], 1e-6, "M " + i); // float32 writes
    }
    for (int i = 0; i < in.memoryZ().length; i++) {
      assertEquals(exact.memoryZ()[i], in.memoryZ()[i] + write.memoryZ()[i], 1e-6, "z " + i);
    }
  }

  @Test
  void localStatistics_equalTheStepByStepMerge() {
    LayerwiseModel lw = plainModel.layerwise();
    int valid = 6; // the rest of the block is padding and must not count
    float[] x = lw.embed(Arrays.copyOf(TestModels.tokens(plain, valid, 9), T), valid).x();
    LayerwiseModel.LayerOutput out = lw.forward(0, x, valid, LayerState.of(StreamState.initial(plain), 0));
    int d = plain.modelDim();
    double[][] y = new double[valid][d];
    for (int t = 0; t < valid; t++) {
      for (int k = 0; k < d; k++) {
        y[t][k] = out.y()[t * d + k];
      }
    }
    TimestepNormSummary want = TimestepNormSummary.local(y, plain.normNumGroups());
    assertEquals(valid, out.statistics().count());
    for (int g = 0; g < plain.normNumGroups(); g++) { // float32 per-step moments
      assertEquals(want.mean()[g], out.statistics().mean()[g], 1e-6, "mean " + g);
      assertEquals(want.var()[g], out.statistics().var()[g], 1e-6 * Math.max(1, want.var()[g]), "var " + g);
    }
  }

  @Test
  void advance_runsNeitherAttentionNorFfn() {
    LayerwiseModel lw = linearModel.layerwise();
    float[] x = lw.embed(TestModels.tokens(linear, T, 8), T).x();
    LayerState in = LayerState.of(StreamState.initial(linear), 0);
    List<String> stateOnly = new ArrayList<>();
    lw.advance(0, x, T, in, false, meta -> stateOnly.addAll(nodes(meta)));
    List<String> withMemory = new ArrayList<>();
    lw.advance(0, x, T, in, true, meta -> withMemory.addAll(nodes(meta)));
    assertTrue(stateOnly.stream().anyMatch(n -> n.startsWith("layer0/cema/")), "the CEMA ran");
    assertTrue(stateOnly.stream().anyMatch(n -> n.startsWith("layer0/timenorm/")), "the TimestepNorm ran");
    assertFalse(stateOnly.stream().anyMatch(n -> n.startsWith("layer0/head")), "no attention head: "
        + stateOnly.stream().filter(n -> n.startsWith("layer0/head")).limit(5).toList());
    assertFalse(stateOnly.stream().anyMatch(n -> n.startsWith("layer0/ffn")), "no FFN");
    assertTrue(withMemory.stream().anyMatch(n -> n.contains("/infini/")), "the memory write ran");
    assertFalse(withMemory.stream().anyMatch(n -> n.startsWith("layer0/ffn")), "no FFN for the memory");
    assertFalse(withMemory.stream().anyMatch(n -> n.contains("Softmax")), "no softmax attention");
  }

  /** Every layer through {@link LayerwiseModel#forward}, then the head, from a document's state. */
  private static Staged staged(MegalodonModel m, StreamState in, int[] block, int valid, int[] targets) {
    LayerwiseModel lw = m.layerwise();
    float[] x = lw.embed(block, valid).x();
    StreamState.Builder next = in.toBuilder().position(in.position() + valid);
    for (int l = 0; l < m.config().numLayers(); l++) {
      LayerwiseModel.LayerOutput out = lw.forward(l, x, valid, LayerState.of(in, l));
      LayerState n = out.next();
      next.norm(l, n.norm().count(), n.norm().mean(), n.norm().var()).ema(l, n.emaRe(), n.emaIm());
      if (n.memoryM() != null) {
        next.memory(l, n.memoryM(), n.memoryZ());
      }
      x = out.y();
    }
    LayerwiseModel.HeadOutput head = lw.head(x, valid, new LayerState.NormStatistics(
        in.outputNormCount(), in.outputNormMean(), in.outputNormVar()), targets);
    next.outputNorm(head.next().count(), head.next().mean(), head.next().var());
    return new Staged(head.targetLogProbs(), next.build());
  }

  private record Staged(float[] logProbs, StreamState state) {}

  private static int[] targets(int[] doc, int from, int valid) {
    int[] t = new int[T];
    Arrays.fill(t, -1);
    for (int i = 0; i < valid && from + i + 1 < doc.length; i++) {
      t[i] = doc[from + i + 1];
    }
    return t;
  }

  private static List<String> nodes(RunMetadata meta) {
    List<String> out = new ArrayList<>();
    for (DeviceStepStats dev : meta.getStepStats().getDevStatsList()) {
      for (NodeExecStats n : dev.getNodeStatsList()) {
        out.add(n.getNodeName());
      }
    }
    return out;
  }

  private static void assertStatesClose(StreamState e, StreamState a, double tol) {
    assertEquals(e.position(), a.position());
    for (int l = 0; l < e.numLayers(); l++) {
      assertEquals(e.normCount(l), a.normCount(l));
      assertClose(e.normMean(l), a.normMean(l), tol, "mean " + l);
      assertClose(e.normVar(l), a.normVar(l), tol, "var " + l);
      assertClose(toDoubles(e.emaRe(l)), toDoubles(a.emaRe(l)), tol, "h re " + l);
      assertClose(toDoubles(e.emaIm(l)), toDoubles(a.emaIm(l)), tol, "h im " + l);
      if (e.hasMemory()) {
        assertClose(e.memoryM(l), a.memoryM(l), tol, "M " + l);
        assertClose(e.memoryZ(l), a.memoryZ(l), tol, "z " + l);
      }
    }
    assertEquals(e.outputNormCount(), a.outputNormCount());
    assertClose(e.outputNormMean(), a.outputNormMean(), tol, "output mean");
    assertClose(e.outputNormVar(), a.outputNormVar(), tol, "output var");
  }

  private static void assertClose(double[] e, double[] a, double tol, String what) {
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], tol * Math.max(1, Math.abs(e[i])), what + "[" + i + "]");
    }
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
