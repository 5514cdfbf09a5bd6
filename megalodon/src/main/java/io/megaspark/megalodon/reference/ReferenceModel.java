package io.megaspark.megalodon.reference;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.memory.InfiniMemoryState;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.weights.MegalodonWeights;
import io.megaspark.megalodon.weights.WeightLayout;

/**
 * The whole model in float64, slow and plain (MODEL.md 1.1 "Model level"): embedding (times sqrt(D) with
 * {@code scale_emb}), the blocks, the output TimestepNorm and the bias-free LM head (the embedding with
 * {@code share_emb}). It maps (state, block of tokens) to (logits, per-block hidden states, next state),
 * which is exactly the contract the fast model must meet.
 *
 * <p>A block starts on a chunk boundary ({@code state.position()} is a multiple of the attention chunk,
 * {@link MegalodonConfig#attentionChunk()}); its length is free, and a trailing partial chunk is attended on
 * its own, so only a document's last block may end inside a chunk (no key/value cache is carried). The
 * config's RoPE scaling and Infini memory apply (docs/context-extension.md); the memory travels in the
 * state like the CEMA h.
 */
public final class ReferenceModel {
  private final MegalodonConfig config;
  private final double[] embed;
  private final double[] head;
  private final double[] finalWeight;
  private final double[] finalBias;
  private final ReferenceLayerWeights[] layers;
  private final ReferenceLayer[] openLayers;

  public ReferenceModel(MegalodonWeights weights) {
    this.config = weights.config();
    this.embed = ReferenceMath.toDoubles(weights.get(WeightLayout.EMBED));
    this.head = ReferenceMath.toDoubles(weights.get(WeightLayout.HEAD));
    this.finalWeight = optional(weights, WeightLayout.FINAL_NORM + ".weight");
    this.finalBias = optional(weights, WeightLayout.FINAL_NORM + ".bias");
    this.layers = new ReferenceLayerWeights[config.numLayers()];
    for (int l = 0; l < layers.length; l++) {
      layers[l] = ReferenceLayerWeights.of(weights, l);
    }
    this.openLayers = new ReferenceLayer[layers.length];
    for (int l = 0; l < layers.length; l++) {
      openLayers[l] = new ReferenceLayer(config, layers[l]);
    }
  }

  public MegalodonConfig config() {
    return config;
  }

  /** The CEMA coefficients of a layer (for eigenvalue checks and the fast model's tests). */
  public ReferenceEma.Coefficients emaCoefficients(int layer) {
    return layers[layer].ema();
  }

  /** Layer {@code l} opened up into its steps, for the layer-wise scan. */
  public ReferenceLayer layer(int l) {
    return openLayers[l];
  }

  /**
   * The output TimestepNorm before the LM head, from the given incoming statistics.
   *
   * @param x [T][D] the last block's output
   */
  public ReferenceTimestepNorm.Output outputNorm(double[][] x, ReferenceTimestepNorm.State in) {
    return ReferenceTimestepNorm.forward(x, null, in, finalWeight, finalBias, config.normNumGroups(),
        config.normEps());
  }

  /**
   * The bias-free LM head.
   *
   * @param normalized [T][D] the output TimestepNorm's output
   * @return [T][V] logits
   */
  public double[][] logits(double[][] normalized) {
    double[][] logits = new double[normalized.length][];
    for (int s = 0; s < normalized.length; s++) {
      logits[s] = ReferenceMath.linear(head, null, normalized[s], config.outputVocab());
    }
    return logits;
  }

  /**
   * @param in the document's state before the block
   * @param tokens [T] token ids, T >= 1
   */
  public ReferenceOutput forward(StreamState in, int[] tokens) {
    checkArguments(in, tokens);
    double[][] x = embed(tokens);
    double[][][] hidden = new double[layers.length][][];
    StreamState.Builder out = in.toBuilder().position(in.position() + tokens.length);
    for (int l = 0; l < layers.length; l++) {
      ReferenceTimestepNorm.State norm =
          new ReferenceTimestepNorm.State(in.normCount(l), in.normMean(l), in.normVar(l));
      ReferenceBlock.Output block = ReferenceBlock.forward(config, layers[l], x, norm,
          ReferenceMath.toDoubles(in.emaRe(l)), ReferenceMath.toDoubles(in.emaIm(l)), memory(in, l));
      out.ema(l, ReferenceMath.toFloats(block.hRe()), ReferenceMath.toFloats(block.hIm()));
      for (int h = 0; block.memory() != null && h < block.memory().length; h++) {
        out.memory(l, h, block.memory()[h]);
      }
      out.norm(l, block.norm().count(), block.norm().mean(), block.norm().var());
      hidden[l] = block.y();
      x = block.y();
    }
    ReferenceTimestepNorm.Output fin = outputNorm(x,
        new ReferenceTimestepNorm.State(in.outputNormCount(), in.outputNormMean(), in.outputNormVar()));
    out.outputNorm(fin.state().count(), fin.state().mean(), fin.state().var());
    return new ReferenceOutput(logits(fin.y()), hidden, out.build());
  }

  /** Layer {@code l}'s per-head memories from the state, or null when the config disables memory. */
  private InfiniMemoryState[] memory(StreamState in, int l) {
    if (!config.infini().enabled()) {
      return null;
    }
    InfiniMemoryState[] m = new InfiniMemoryState[config.numHeads()];
    for (int h = 0; h < m.length; h++) {
      m[h] = in.memory(l, h);
    }
    return m;
  }

  /**
   * The embedding lookup (times sqrt(D) with {@code scale_emb}).
   *
   * @param tokens [T] ids inside the vocabulary
   * @return [T][D]
   */
  public double[][] embed(int[] tokens) {
    checkTokens(tokens);
    int d = config.modelDim();
    double scale = config.scaleEmb() ? Math.sqrt(d) : 1.0;
    double[][] x = new double[tokens.length][d];
    for (int s = 0; s < tokens.length; s++) {
      for (int i = 0; i < d; i++) {
        x[s][i] = embed[tokens[s] * d + i] * scale;
      }
    }
    return x;
  }

  private void checkArguments(StreamState in, int[] tokens) {
    in.checkFits(config);
    if (tokens.length == 0) {
      throw new IllegalArgumentException("tokens: expected at least 1 token, got 0");
    }
    if (in.position() % config.attentionChunk() != 0) {
      throw new IllegalArgumentException("the state is at position " + in.position()
          + ", inside a chunk of " + config.attentionChunk() + ": only a document's last block may end"
          + " inside a chunk (no key/value cache is carried between blocks)");
    }
    checkTokens(tokens);
  }

  private void checkTokens(int[] tokens) {
    for (int s = 0; s < tokens.length; s++) {
      if (tokens[s] < 0 || tokens[s] >= config.vocabSize()) {
        throw new IllegalArgumentException("tokens[" + s + "] = " + tokens[s] + " is outside the"
            + " vocabulary [0, " + config.vocabSize() + ")");
      }
    }
  }

  private static double[] optional(MegalodonWeights w, String name) {
    return w.has(name) ? ReferenceMath.toDoubles(w.get(name)) : null;
  }
}
