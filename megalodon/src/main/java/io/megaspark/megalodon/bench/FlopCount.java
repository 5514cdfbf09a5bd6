package io.megaspark.megalodon.bench;

import io.megaspark.megalodon.config.MegalodonConfig;

/**
 * Analytic forward FLOPs per token of the TensorFlow model (a multiply-add counts 2), counting the matrix
 * products as this implementation executes them; elementwise ops, norms and softmax are left out.
 *
 * <pre>
 * per layer:
 *   projections   2·D·(z + v + D)      M -> [Z | R | H1]
 *                 2·D·v                X̂ -> V
 *                 2·v·D                (O ⊙ R) -> H2
 *   attention     2·C·z + 2·C·v        Q·Kᵀ and P·V over the full C×C chunk (the causal mask is applied,
 *                                      not skipped)
 *   CEMA          2·D·(S + 2N)         [x | H] · [A; U] per position (S = EMA sub-chunk length)
 *                 2·D·2N               local end states x · W
 *                 2·D·(2N)² / S        the scan over sub-chunks
 *   FFN           2·D·F·(3 if SwiGLU else 2)
 * model:          2·D·V                LM head
 * </pre>
 */
public final class FlopCount {
  private FlopCount() {}

  /** FLOPs per token for blocks whose CEMA sub-chunk is {@code emaSubChunk}. */
  public static double perToken(MegalodonConfig c, int emaSubChunk) {
    double d = c.modelDim();
    double z = c.zDim();
    double v = c.valueDim();
    double f = c.ffnHiddenDim();
    double n2 = 2.0 * c.cemaNdim();
    double chunk = c.chunkSize();
    double s = emaSubChunk;
    double projections = 2 * d * (z + v + d) + 2 * d * v + 2 * v * d;
    double attention = 2 * chunk * z + 2 * chunk * v;
    double ema = 2 * d * (s + n2) + 2 * d * n2 + 2 * d * n2 * n2 / s;
    double ffn = 2 * d * f * (c.swiglu() ? 3 : 2);
    double head = 2 * d * c.outputVocab();
    return c.numLayers() * (projections + attention + ema + ffn) + head;
  }
}
