package io.megaspark.jobs.testing;

import io.megaspark.jobs.run.BlockModel;
import io.megaspark.jobs.run.BlockRequest;
import io.megaspark.jobs.run.BlockResult;
import io.megaspark.jobs.run.ModelInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A small seeded model with MEGALODON's state semantics, computed in float64 so block and batch
 * invariance are exact: a carried recurrent state (an EMA of token embeddings, like CEMA) plus attention-like
 * mixing inside each chunk only (the mean embedding of the chunk so far). Continuing from anywhere but a
 * chunk boundary gives different outputs, so the runner's boundary handling is tested for real.
 *
 * <p>Per position t of a chunk: h = a*h + (1-a)*E[x_t]; ctx = mean of E[x_j] over the chunk up to t;
 * hidden = tanh(h + ctx); logits = W hidden.
 */
public final class ToyModel implements BlockModel<ToyModel.State> {
  /** The carried state: the EMA vector and the token position. */
  public record State(double[] h, long position) {}

  private final ModelInfo info;
  private final double[][] embed;
  private final double[][] out;
  private final double[] decay;

  public ToyModel(int chunk, int vocab, int dim, long seed) {
    this(chunk, vocab, dim, seed, "bytes");
  }

  public ToyModel(int chunk, int vocab, int dim, long seed, String tokenizer) {
    this.info = new ModelInfo(chunk, vocab, dim, tokenizer);
    Random r = new Random(seed);
    embed = new double[vocab][dim];
    out = new double[vocab][dim];
    decay = new double[dim];
    for (int v = 0; v < vocab; v++) {
      for (int d = 0; d < dim; d++) {
        embed[v][d] = r.nextGaussian();
        out[v][d] = r.nextGaussian() * 2;
      }
    }
    for (int d = 0; d < dim; d++) {
      decay[d] = 0.5 + 0.49 * r.nextDouble();
    }
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public State initialState() {
    return new State(new double[info.modelDim()], 0);
  }

  @Override
  public BlockResult<State> forward(List<State> states, int[][] tokens, int[] validLengths, BlockRequest request) {
    int b = tokens.length;
    int t = tokens[0].length;
    if (t % info.chunkSize() != 0) {
      throw new IllegalArgumentException("T=" + t + " is not a multiple of the chunk " + info.chunkSize());
    }
    int v = info.vocabSize();
    int dim = info.modelDim();
    float[][][] logits = request.logits() ? new float[b][t][v] : null;
    float[][] lps = request.targets() != null ? new float[b][t] : null;
    float[][][] hidden = request.hidden() ? new float[b][t][dim] : null;
    float[][] mean = request.hiddenMean() ? new float[b][dim] : null;
    List<State> next = new ArrayList<>();
    for (int row = 0; row < b; row++) {
      double[] h = states.get(row).h().clone();
      double[] ctx = new double[dim];
      double[] sum = new double[dim];
      for (int i = 0; i < validLengths[row]; i++) {
        if (i % info.chunkSize() == 0) {
          Arrays.fill(ctx, 0);
        }
        double[] e = embed[tokens[row][i]];
        double[] hid = new double[dim];
        int inChunk = i % info.chunkSize() + 1;
        for (int d = 0; d < dim; d++) {
          h[d] = decay[d] * h[d] + (1 - decay[d]) * e[d];
          ctx[d] += e[d];
          hid[d] = Math.tanh(h[d] + ctx[d] / inChunk);
          sum[d] += hid[d];
        }
        double[] lg = logits(hid);
        if (logits != null) {
          for (int k = 0; k < v; k++) {
            logits[row][i][k] = (float) lg[k];
          }
        }
        if (lps != null) {
          int target = request.targets()[row][i];
          lps[row][i] = target < 0 ? Float.NaN : (float) logSoftmax(lg, target);
        }
        if (hidden != null) {
          for (int d = 0; d < dim; d++) {
            hidden[row][i][d] = (float) hid[d];
          }
        }
      }
      if (mean != null) {
        for (int d = 0; d < dim; d++) {
          mean[row][d] = (float) (sum[d] / validLengths[row]);
        }
      }
      next.add(new State(h, states.get(row).position() + validLengths[row]));
    }
    return new BlockResult<>(logits, lps, hidden, mean, next);
  }

  private double[] logits(double[] hid) {
    double[] lg = new double[out.length];
    for (int k = 0; k < out.length; k++) {
      double s = 0;
      for (int d = 0; d < hid.length; d++) {
        s += out[k][d] * hid[d];
      }
      lg[k] = s;
    }
    return lg;
  }

  private static double logSoftmax(double[] lg, int target) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : lg) {
      max = Math.max(max, x);
    }
    double z = 0;
    for (double x : lg) {
      z += Math.exp(x - max);
    }
    return lg[target] - max - Math.log(z);
  }

  @Override
  public byte[] toBytes(State state) {
    ByteBuffer buf = ByteBuffer.allocate(8 + 8 * state.h().length);
    buf.putLong(state.position());
    for (double x : state.h()) {
      buf.putDouble(x);
    }
    return buf.array();
  }

  @Override
  public State fromBytes(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long position = buf.getLong();
    double[] h = new double[(bytes.length - 8) / 8];
    for (int d = 0; d < h.length; d++) {
      h[d] = buf.getDouble();
    }
    return new State(h, position);
  }

  @Override
  public float[] stateSummary(State state) {
    float[] s = new float[state.h().length];
    for (int d = 0; d < s.length; d++) {
      s[d] = (float) state.h()[d];
    }
    return s;
  }

  @Override
  public void close() {}
}
