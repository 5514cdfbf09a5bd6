package io.megaspark.udfs.document;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.reference.ReferenceOutput;
import io.megaspark.megalodon.reference.ReferenceTimestepNorm;
import io.megaspark.megalodon.weights.MegalodonWeights;
import io.megaspark.megalodon.weights.WeightLayout;
import java.util.Arrays;

/**
 * {@link DocumentModel} over megalodon's float64 {@link ReferenceModel}: slow and exact. Its outputs are
 * rounded to float32 in the same way as the jobs' reference backend (log-softmax in double then one cast;
 * hidden states cast per value; the mean summed in float over values already divided by the length), so
 * a function and a job give the same numbers bit for bit. The hidden state is the output of the final
 * TimestepNorm (the LM head's input), as in the TensorFlow model.
 */
public final class ReferenceDocumentModel implements DocumentModel {
  private final MegalodonConfig config;
  private final ReferenceModel model;
  private final Tokenizer tokenizer;
  private final double[] finalWeight;
  private final double[] finalBias;

  public ReferenceDocumentModel(MegalodonWeights weights) {
    this.config = weights.config();
    this.model = new ReferenceModel(weights);
    this.tokenizer = Tokenizers.byName(config.tokenizer());
    this.finalWeight = doubles(weights, WeightLayout.FINAL_NORM + ".weight");
    this.finalBias = doubles(weights, WeightLayout.FINAL_NORM + ".bias");
  }

  @Override
  public MegalodonConfig config() {
    return config;
  }

  @Override
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public RowOutput forward(StreamState state, int[] tokens, int valid, RowRequest request) {
    int t = tokens.length;
    int d = config.modelDim();
    ReferenceOutput out = model.forward(state, Arrays.copyOf(tokens, valid));
    float[] lps = null;
    if (request.targets() != null) {
      lps = new float[t];
      Arrays.fill(lps, Float.NaN);
      for (int i = 0; i < valid; i++) {
        int target = request.targets()[i];
        lps[i] = target < 0 ? Float.NaN : (float) logSoftmax(out.logits()[i], target);
      }
    }
    float[][] hidden = request.hidden() ? new float[t][d] : null;
    float[] mean = request.hiddenMean() ? new float[d] : null;
    if (hidden != null || mean != null) {
      double[][] y = finalNorm(state, out.hidden()[config.numLayers() - 1]);
      for (int i = 0; i < valid; i++) {
        for (int k = 0; k < d; k++) {
          if (hidden != null) {
            hidden[i][k] = (float) y[i][k];
          }
          if (mean != null) {
            mean[k] += (float) (y[i][k] / valid);
          }
        }
      }
    }
    return new RowOutput(lps, hidden, mean, out.state());
  }

  /** The output TimestepNorm over the last layer's output, continuing the state's output statistics. */
  private double[][] finalNorm(StreamState in, double[][] x) {
    ReferenceTimestepNorm.State s =
        new ReferenceTimestepNorm.State(in.outputNormCount(), in.outputNormMean(), in.outputNormVar());
    return ReferenceTimestepNorm.forward(x, null, s, finalWeight, finalBias, config.normNumGroups(),
        config.normEps()).y();
  }

  /** ln softmax(logits)[target], shifted by the maximum for stability. */
  static double logSoftmax(double[] logits, int target) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : logits) {
      max = Math.max(max, x);
    }
    double z = 0;
    for (double x : logits) {
      z += Math.exp(x - max);
    }
    return logits[target] - max - Math.log(z);
  }

  @Override
  public void close() {
    // plain Java arrays: nothing to release
  }

  private static double[] doubles(MegalodonWeights w, String name) {
    if (!w.has(name)) {
      return null;
    }
    float[] f = w.get(name);
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = f[i];
    }
    return out;
  }
}
