package io.megaspark.megalodon.reference;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.memory.InfiniMemoryState;

/**
 * One MEGALODON block (MODEL.md 1.1), written as the numbered steps there. The block input X is the
 * residual of both the attention part and (two-hop) the FFN.
 */
final class ReferenceBlock {
  private ReferenceBlock() {}

  /**
   * @param y [T][D] block output
   * @param norm TimestepNorm statistics after the block
   * @param hRe [D*N] CEMA h after the block, real part
   * @param hIm [D*N] imaginary part
   * @param memory [H] Infini memory after the block, null when the config disables it
   */
  record Output(double[][] y, ReferenceTimestepNorm.State norm, double[] hRe, double[] hIm,
      InfiniMemoryState[] memory) {}

  /**
   * Steps 3 to 11's result.
   *
   * @param y [T][D] block output
   * @param memory [H] Infini memory after the block, null when disabled
   */
  record AfterEma(double[][] y, InfiniMemoryState[] memory) {}

  /**
   * @param x [T][D] block input; the first token starts a chunk
   * @param memory [H] Infini memory before the block, null when the config disables it
   */
  static Output forward(MegalodonConfig c, ReferenceLayerWeights w, double[][] x,
      ReferenceTimestepNorm.State norm, double[] hRe, double[] hIm, InfiniMemoryState[] memory) {
    double eps = c.normEps();
    // 1. TimestepNorm with the carried statistics
    ReferenceTimestepNorm.Output tsn = ReferenceTimestepNorm.forward(
        x, null, norm, w.timenormWeight(), w.timenormBias(), c.normNumGroups(), eps);
    // 2. CEMA over the normalised input, from the carried h
    ReferenceEma.Output ema = ReferenceEma.forward(tsn.y(), hRe, hIm, w.ema());
    AfterEma after = afterEma(c, w, x, tsn.y(), ema.y(), memory);
    return new Output(after.y(), tsn.state(), ema.hRe(), ema.hIm(), after.memory());
  }

  /** Steps 3 to 11 without Infini memory; see {@link #afterEma(MegalodonConfig, ReferenceLayerWeights, double[][], double[][], double[][], InfiniMemoryState[])}. */
  static double[][] afterEma(MegalodonConfig c, ReferenceLayerWeights w, double[][] x,
      double[][] normalized, double[][] emaOut) {
    return afterEma(c, w, x, normalized, emaOut, null).y();
  }

  /**
   * Steps 3 to 11, everything after the CEMA: they see the past only through the normalised input, the
   * CEMA output and (when enabled) the Infini memory, which is what lets the layer-wise scan (package
   * scan) finish a range on its own.
   *
   * @param x [T][D] block input (the residual)
   * @param normalized [T][D] the TimestepNorm output
   * @param emaOut [T][D] the CEMA output
   * @param memory [H] Infini memory before the block, null when disabled
   */
  static AfterEma afterEma(MegalodonConfig c, ReferenceLayerWeights w, double[][] x,
      double[][] normalized, double[][] emaOut, InfiniMemoryState[] memory) {
    int t = x.length;
    double eps = c.normEps();
    double[][] m = new double[t][];
    double[][] q = new double[t][];
    double[][] k = new double[t][];
    double[][] v = new double[t][];
    double[][] r = new double[t][];
    for (int s = 0; s < t; s++) {
      // 3. RMSNorm of the CEMA output
      m[s] = ReferenceNorms.rmsNorm(emaOut[s], w.rmsnormWeight(), eps);
      // 4-5. shared Z, per-head RMS normalisation, then Q and K
      double[] z = ReferenceMath.linear(w.wz(), w.bz(), m[s], c.zDim());
      double[][] qk = ReferenceAttention.queryKey(
          ReferenceNorms.headRmsNorm(z, c.numHeads(), eps), w.gamma(), w.beta(), c.headDimZ());
      q[s] = qk[0];
      k[s] = qk[1];
      // 6. V from the TimestepNorm output (not the CEMA output)
      v[s] = ReferenceMath.silu(ReferenceMath.linear(w.wv(), w.bv(), normalized[s], c.valueDim()));
      // 7. gate R from M
      r[s] = ReferenceMath.silu(ReferenceMath.linear(w.wr(), w.br(), m[s], c.valueDim()));
    }
    // 8. chunked attention, with the attention chunk and RoPE table of this run (docs/context-extension.md)
    double[][] o = ReferenceAttention.forward(q, k, v, c.numHeads(), c.attentionChunk(), c.ropeFrequencies());
    InfiniMemoryState[] memoryOut = null;
    if (memory != null) {
      // 8b. Infini memory (MODEL.md 4): Q, K before RoPE; the gated mix replaces O before the reset gate
      ReferenceInfini.Result mem = ReferenceInfini.apply(q, k, v, o, c.attentionChunk(), memory,
          w.infiniBeta(), c.infini().update());
      o = mem.output();
      memoryOut = mem.memory();
    }
    double[][] y = new double[t][];
    for (int s = 0; s < t; s++) {
      for (int e = 0; e < c.valueDim(); e++) {
        o[s][e] *= r[s][e];
      }
      // 9-10. Hout = M Wh1 + b + (O*R) Wh2, no activation; residual X
      double[] h1 = ReferenceMath.linear(w.wh1(), w.bh1(), m[s], c.modelDim());
      double[] h2 = ReferenceMath.linear(w.wh2(), null, o[s], c.modelDim());
      double[] yHat = new double[c.modelDim()];
      for (int d = 0; d < yHat.length; d++) {
        yHat[d] = h1[d] + h2[d] + x[s][d];
      }
      // 11. FFN of LayerNorm(Yhat), residual X again (two hops)
      double[] u = ReferenceNorms.layerNorm(yHat, w.ffnNormWeight(), w.ffnNormBias(), eps);
      double[] f = ReferenceFfn.forward(u, w.fc1(), w.fc2(), w.fc3(), w.ffnAlpha(), c.ffnHiddenDim());
      y[s] = new double[c.modelDim()];
      for (int d = 0; d < y[s].length; d++) {
        y[s][d] = f[d] + x[s][d];
      }
    }
    return new AfterEma(y, memoryOut);
  }
}
