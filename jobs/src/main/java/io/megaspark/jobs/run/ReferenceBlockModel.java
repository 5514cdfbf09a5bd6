package io.megaspark.jobs.run;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.reference.ReferenceOutput;
import io.megaspark.megalodon.reference.ReferenceTimestepNorm;
import io.megaspark.megalodon.weights.MegalodonWeights;
import io.megaspark.megalodon.weights.WeightLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link BlockModel} over megalodon's float64 {@link ReferenceModel}: slow (one row at a time, plain
 * loops) and exact, the oracle the TensorFlow path is checked against, and a way to run a job with no
 * native library. The hidden state it reports is, like the TensorFlow model's, the output of the final
 * TimestepNorm (the LM head's input).
 */
public final class ReferenceBlockModel implements BlockModel<StreamState> {
  private final MegalodonConfig config;
  private final ReferenceModel model;
  private final ModelInfo info;
  private final double[] finalWeight;
  private final double[] finalBias;

  public ReferenceBlockModel(MegalodonWeights weights) {
    this.config = weights.config();
    this.model = new ReferenceModel(weights);
    this.info = new ModelInfo(config.attentionChunk(), config.outputVocab(), config.modelDim(), config.tokenizer());
    this.finalWeight = doubles(weights, WeightLayout.FINAL_NORM + ".weight");
    this.finalBias = doubles(weights, WeightLayout.FINAL_NORM + ".bias");
  }

  /** The float64 reference behind this adapter (the layer-wise scan's oracle runs it per layer). */
  public ReferenceModel model() {
    return model;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public StreamState initialState() {
    return StreamState.initial(config);
  }

  @Override
  public BlockResult<StreamState> forward(List<StreamState> states, int[][] tokens, int[] validLengths,
      BlockRequest request) {
    int b = tokens.length;
    int t = tokens[0].length;
    int v = info.vocabSize();
    int d = info.modelDim();
    float[][][] logits = request.logits() ? new float[b][t][v] : null;
    float[][] lps = request.targets() != null ? new float[b][t] : null;
    float[][][] hidden = request.hidden() ? new float[b][t][d] : null;
    float[][] mean = request.hiddenMean() ? new float[b][d] : null;
    List<StreamState> next = new ArrayList<>(b);
    for (int row = 0; row < b; row++) {
      StreamState in = states.get(row);
      int n = validLengths[row];
      ReferenceOutput out = model.forward(in, Arrays.copyOf(tokens[row], n));
      next.add(out.state());
      for (int i = 0; i < n; i++) {
        double[] lg = out.logits()[i];
        if (logits != null) {
          for (int k = 0; k < v; k++) {
            logits[row][i][k] = (float) lg[k];
          }
        }
        if (lps != null) {
          int target = request.targets()[row][i];
          lps[row][i] = target < 0 ? Float.NaN : (float) logSoftmax(lg, target);
        }
      }
      if (lps != null) {
        Arrays.fill(lps[row], n, t, Float.NaN);
      }
      if (hidden != null || mean != null) {
        double[][] y = finalNorm(in, out.hidden()[config.numLayers() - 1]);
        for (int i = 0; i < n; i++) {
          for (int k = 0; k < d; k++) {
            if (hidden != null) {
              hidden[row][i][k] = (float) y[i][k];
            }
            if (mean != null) {
              mean[row][k] += (float) (y[i][k] / n);
            }
          }
        }
      }
    }
    return new BlockResult<>(logits, lps, hidden, mean, next);
  }

  /** The output TimestepNorm over the last block's output, from the state's output statistics. */
  private double[][] finalNorm(StreamState in, double[][] x) {
    ReferenceTimestepNorm.State s =
        new ReferenceTimestepNorm.State(in.outputNormCount(), in.outputNormMean(), in.outputNormVar());
    return ReferenceTimestepNorm.forward(x, null, s, finalWeight, finalBias, config.normNumGroups(),
        config.normEps()).y();
  }

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
  public byte[] toBytes(StreamState state) {
    return state.toBytes();
  }

  @Override
  public StreamState fromBytes(byte[] bytes) {
    StreamState s = StreamState.fromBytes(bytes);
    s.checkFits(config);
    return s;
  }

  @Override
  public float[] stateSummary(StreamState state) {
    return StateSummaries.of(state);
  }

  @Override
  public void close() {}

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
