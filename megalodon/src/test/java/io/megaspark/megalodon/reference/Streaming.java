package io.megaspark.megalodon.reference;

import io.megaspark.megalodon.model.StreamState;
import java.util.Arrays;

/** Test helper: runs a document through the reference block by block, carrying the state. */
final class Streaming {
  /**
   * @param logits [T][V] concatenated over the blocks
   * @param hidden [L][T][D] concatenated over the blocks
   * @param state the state after the last block
   */
  record Result(double[][] logits, double[][][] hidden, StreamState state) {}

  private Streaming() {}

  static Result run(ReferenceModel model, StreamState start, int[] tokens, int blockSize) {
    int layers = model.config().numLayers();
    double[][] logits = new double[tokens.length][];
    double[][][] hidden = new double[layers][tokens.length][];
    StreamState state = start;
    for (int from = 0; from < tokens.length; from += blockSize) {
      int to = Math.min(tokens.length, from + blockSize);
      ReferenceOutput out = model.forward(state, Arrays.copyOfRange(tokens, from, to));
      System.arraycopy(out.logits(), 0, logits, from, to - from);
      for (int l = 0; l < layers; l++) {
        System.arraycopy(out.hidden()[l], 0, hidden[l], from, to - from);
      }
      state = out.state();
    }
    return new Result(logits, hidden, state);
  }

  /** Largest |a - b| over two [T][X] arrays. */
  static double maxAbsDiff(double[][] a, float[][] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return m;
  }

  static double maxAbsDiff(double[][] a, double[][] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return m;
  }

  static double maxAbsDiff(double[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }
}
