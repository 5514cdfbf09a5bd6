package io.megaspark.megalodon.device;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.WeightLayout;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Device memory for running (and training) the model on batches of B blocks of T tokens, float32.
 * docs/gpu.md writes the same formula out and prints {@link MemoryTable}'s numbers for the small and 7B
 * configs. Shape letters: package overview.
 *
 * <p>The per-layer figure sums every intermediate tensor of one layer as if all were alive at once, so it is
 * an upper bound for inference: TensorFlow frees each tensor after its last reader, and layers run one
 * after another. Not included: the CUDA context and the cuBLAS/cuDNN workspaces, and TensorFlow's
 * allocator slack; leave headroom for them.
 *
 * @param weightBytes stored tensors x 4 bytes ({@link #storedTensorCount})
 * @param statePerDocumentBytes carried state of one document ({@link #statePerDocumentBytes})
 * @param stateBytes the batch's state fed in and fetched out: 2 x B x state per document
 * @param layerActivationBytes one layer's intermediates for B x T tokens ({@link #layerActivationFloats})
 * @param modelActivationBytes embedding, final norm, logits ({@link #modelActivationFloats})
 * @param inferenceBytes weights + state + one layer + model level
 * @param trainingBytes full training with Adam: 4 x weights (weights, gradients, two moments) + state +
 *     (layers + 1) x one layer (every layer's activations kept for back-propagation, plus the gradients of
 *     the layer being back-propagated) + model level
 */
public record MemoryEstimate(
    long weightBytes,
    long statePerDocumentBytes,
    long stateBytes,
    long layerActivationBytes,
    long modelActivationBytes,
    long inferenceBytes,
    long trainingBytes) {

  private static final long FLOAT = 4;

  /** The estimate for batches of {@code batchRows} blocks of {@code blockTokens} tokens. */
  public static MemoryEstimate of(MegalodonConfig m, int batchRows, int blockTokens) {
    checkBatch(m, batchRows, blockTokens);
    long weights = FLOAT * storedTensorCount(m);
    long perDoc = statePerDocumentBytes(m);
    long state = 2L * batchRows * perDoc;
    long layer = FLOAT * layerActivationFloats(m, batchRows, blockTokens);
    long model = FLOAT * modelActivationFloats(m, batchRows, blockTokens);
    long inference = weights + state + layer + model;
    long training = 4 * weights + state + (m.numLayers() + 1L) * layer + model;
    return new MemoryEstimate(weights, perDoc, state, layer, model, inference, training);
  }

  /**
   * Trainable parameters: every tensor a checkpoint must hold ({@link WeightLayout#required}, MODEL.md
   * section 1.6), the shared LM head counted once. docs/gpu.md writes the sum out as a formula.
   */
  public static long parameterCount(MegalodonConfig m) {
    return elements(WeightLayout.required(m));
  }

  /**
   * Every tensor the model keeps on the device: the parameters plus the buffers ({@code rope.freqs} and
   * each TimestepNorm's {@code prior_count}, {@code prior_mean}, {@code prior_logv}; {@link
   * WeightLayout#optional} without the shared head, which is the embedding itself).
   */
  public static long storedTensorCount(MegalodonConfig m) {
    Map<String, long[]> buffers = new LinkedHashMap<>(WeightLayout.optional(m));
    buffers.remove(WeightLayout.HEAD);
    if (!m.infini().enabled()) {
      // Infini gates are optional tensors a model without memory neither needs nor keeps.
      buffers.keySet().removeIf(name -> name.endsWith(WeightLayout.INFINI_BETA));
    }
    return parameterCount(m) + elements(buffers);
  }

  /**
   * The carried state of one document in bytes (DESIGN.md, "The state contract"): per layer the CEMA
   * hidden state h (real and imaginary [D, N]) and the TimestepNorm statistics (mean and var [G] float32,
   * count int64), plus the output TimestepNorm: layers x (4 (2 D N + 2 G) + 8) + 4 (2 G) + 8.
   */
  public static long statePerDocumentBytes(MegalodonConfig m) {
    long norm = FLOAT * 2 * m.normNumGroups() + 8;
    long ema = FLOAT * 2L * m.modelDim() * m.cemaNdim();
    return m.numLayers() * (ema + norm) + norm;
  }

  /**
   * Floats of one layer's intermediates for B x T tokens (MODEL.md section 1.1 steps, CEMA in the FFT
   * form of section 1.2), P = the next power of two at or above T:
   *
   * <pre>
   *   11 BT D       input, TimestepNorm out, its [B,D,T] transpose, CEMA convolution [B,D,T], CEMA out,
   *                 RMSNorm out, Hout, Y^ , LayerNorm(Y^), FFN out, Y
   *  + 2 BT G       TimestepNorm running mean and variance at every step
   *  + 6 BT Dz      Z, Z^, Q, K, RoPE(Q), RoPE(K)
   *  + 6 BT Dv      V and R before and after SiLU, O, O x R
   *  + f BT F       f = 4 with SwiGLU (fc1, SiLU, fc3, product), else 2
   *  + 2 B K H C C  attention scores and softmax [B, K, H, C, C] (= 2 BT H C)
   *  + 2 D N T      CEMA Vandermonde powers q^t (real, imaginary) [D, N, T]
   *  + D T          CEMA kernel [D, T]
   *  + 2 D (P+1)    kernel spectrum (rfft of length 2P)
   *  + 4 B D (P+1)  input spectrum and product spectrum
   *  + 2 B D P      inverse FFT output [B, D, 2P]
   *  + B D T        incoming-state bias [B, D, T]
   *  + 2 B D N      final CEMA state h (real, imaginary)
   * </pre>
   */
  public static long layerActivationFloats(MegalodonConfig m, int batchRows, int blockTokens) {
    checkBatch(m, batchRows, blockTokens);
    long b = batchRows;
    long t = blockTokens;
    long bt = b * t;
    long d = m.modelDim();
    long p = nextPowerOfTwo(blockTokens);
    long perToken =
        11 * d + 2L * m.normNumGroups() + 6L * m.zDim() + 6L * m.valueDim()
            + (m.swiglu() ? 4L : 2L) * m.ffnHiddenDim() + 2L * m.numHeads() * m.chunkSize();
    long ema =
        2 * d * m.cemaNdim() * t + d * t + 2 * d * (p + 1) + 4 * b * d * (p + 1) + 2 * b * d * p + b * d * t
            + 2 * b * d * m.cemaNdim();
    return bt * perToken + ema;
  }

  /**
   * Floats outside the layers for B x T tokens: the token ids (int32, one float's size), the embedding
   * output and the final TimestepNorm output [B,T,D], its statistics [B,T,G] twice, the logits and their
   * log-softmax [B,T,V] (V = the output vocabulary): BT (1 + 2 D + 2 G + 2 V).
   */
  public static long modelActivationFloats(MegalodonConfig m, int batchRows, int blockTokens) {
    checkBatch(m, batchRows, blockTokens);
    long bt = (long) batchRows * blockTokens;
    return bt * (1 + 2L * m.modelDim() + 2L * m.normNumGroups() + 2L * m.outputVocab());
  }

  static long nextPowerOfTwo(int n) {
    return n <= 1 ? 1 : Long.highestOneBit((long) n - 1) << 1;
  }

  private static long elements(Map<String, long[]> tensors) {
    long total = 0;
    for (long[] shape : tensors.values()) {
      long n = 1;
      for (long dim : shape) {
        n *= dim;
      }
      total += n;
    }
    return total;
  }

  private static void checkBatch(MegalodonConfig m, int batchRows, int blockTokens) {
    if (batchRows <= 0) {
      throw new IllegalArgumentException("batch size = " + batchRows + ": must be positive");
    }
    if (blockTokens <= 0 || blockTokens % m.chunkSize() != 0) {
      throw new IllegalArgumentException(
          "block size = " + blockTokens + ": must be a positive multiple of chunk_size = " + m.chunkSize()
              + " (blocks end on chunk boundaries, DESIGN.md)");
    }
  }
}
