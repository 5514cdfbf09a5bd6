package io.megaspark.megalodon.lora;

/**
 * Shifted sparse attention (LongLoRA S2-Attn, MODEL.md 3) in float64, per batch row: the oracle of the
 * graph version and of the receptive-field tests.
 *
 * <p>Steps, for q, k, v of shape [H][N][d] (after RoPE):
 * <ol>
 *   <li>heads h < H/2 attend causally within groups [jG, (j+1)G);
 *   <li>heads h >= H/2 ("shifted") are grouped G/2 later: with {@link ShiftMode#ROLL} by rolling q, k, v
 *       by −G/2 (token t moves to t−G/2 mod N), attending within groups, and rolling the output back by
 *       +G/2; with {@link ShiftMode#SEGMENTS} by attending within [0, G/2), [G/2, 3G/2), ... directly;
 *   <li>with a single group (G = N) no head is shifted: the shift only exists to pass information
 *       between neighbouring groups, and rolling a single group would only let the first G/2 tokens see
 *       the last G/2 ones. So one group is exactly causal attention.
 * </ol>
 * Scores are {@code scale·q·kᵀ}; MEGALODON uses scale 1 (its temperature lives in the Q/K affine,
 * MODEL.md 1.4), LLaMA-style models 1/√d.
 */
public final class ShiftedSparseAttentionReference {
  private ShiftedSparseAttentionReference() {}

  /** out[(t + shift) mod N] = x[t], along the first axis. */
  public static double[][] roll(double[][] x, int shift) {
    int n = x.length;
    double[][] out = new double[n][];
    for (int t = 0; t < n; t++) {
      out[Math.floorMod(t + shift, n)] = x[t].clone();
    }
    return out;
  }

  /** Causal softmax attention restricted to segments: query t sees keys s <= t with seg[s] == seg[t]. */
  public static double[][] segmentCausal(double[][] q, double[][] k, double[][] v, int[] seg, double scale) {
    boolean[][] mask = new boolean[q.length][q.length];
    for (int t = 0; t < q.length; t++) {
      for (int s = 0; s <= t; s++) {
        mask[t][s] = seg[s] == seg[t];
      }
    }
    return masked(q, k, v, mask, scale);
  }

  /** Softmax attention where query t sees exactly the keys s with mask[t][s]. */
  public static double[][] masked(double[][] q, double[][] k, double[][] v, boolean[][] mask, double scale) {
    int n = q.length;
    double[][] out = new double[n][v[0].length];
    for (int t = 0; t < n; t++) {
      double max = Double.NEGATIVE_INFINITY;
      double[] score = new double[n];
      for (int s = 0; s < n; s++) {
        if (mask[t][s]) {
          double dot = 0;
          for (int i = 0; i < q[t].length; i++) {
            dot += q[t][i] * k[s][i];
          }
          score[s] = scale * dot;
          max = Math.max(max, score[s]);
        }
      }
      double sum = 0;
      for (int s = 0; s < n; s++) {
        if (mask[t][s]) {
          score[s] = Math.exp(score[s] - max);
          sum += score[s];
        }
      }
      for (int s = 0; s < n; s++) {
        if (mask[t][s]) {
          for (int i = 0; i < v[s].length; i++) {
            out[t][i] += score[s] / sum * v[s][i];
          }
        }
      }
    }
    return out;
  }

  /** Plain causal attention over the whole sequence. */
  public static double[][] causal(double[][] q, double[][] k, double[][] v, double scale) {
    return segmentCausal(q, k, v, new int[q.length], scale);
  }

  /** S2-Attn over all heads: q, k [H][N][dk], v [H][N][dv]; returns [H][N][dv]. */
  public static double[][][] attention(double[][][] q, double[][][] k, double[][][] v, S2Config cfg, double scale) {
    int heads = q.length;
    int n = q[0].length;
    cfg.checkLength(n);
    int g = cfg.groupSize();
    int[] groups = new int[n];
    int[] offsetGroups = new int[n];
    for (int t = 0; t < n; t++) {
      groups[t] = t / g;
      offsetGroups[t] = (t + g / 2) / g;
    }
    double[][][] out = new double[heads][][];
    for (int h = 0; h < heads; h++) {
      boolean shifted = h >= heads / 2 && cfg.shifts(n);
      if (!shifted) {
        out[h] = segmentCausal(q[h], k[h], v[h], groups, scale);
      } else if (cfg.mode() == ShiftMode.ROLL) {
        double[][] o = segmentCausal(roll(q[h], -g / 2), roll(k[h], -g / 2), roll(v[h], -g / 2), groups, scale);
        out[h] = roll(o, g / 2);
      } else {
        out[h] = segmentCausal(q[h], k[h], v[h], offsetGroups, scale);
      }
    }
    return out;
  }

  /**
   * The receptive field, written from the definition rather than from the implementation:
   * mask[h][t][s] says whether query t of head h attends to key s.
   */
  public static boolean[][][] receptiveField(int heads, int n, S2Config cfg) {
    cfg.checkLength(n);
    int g = cfg.groupSize();
    boolean[][][] mask = new boolean[heads][n][n];
    for (int h = 0; h < heads; h++) {
      boolean shifted = h >= heads / 2 && cfg.shifts(n);
      for (int t = 0; t < n; t++) {
        for (int s = 0; s < n; s++) {
          if (!shifted) {
            mask[h][t][s] = s <= t && s / g == t / g;
          } else if (cfg.mode() == ShiftMode.ROLL) {
            int tr = Math.floorMod(t - g / 2, n);
            int sr = Math.floorMod(s - g / 2, n);
            mask[h][t][s] = sr <= tr && sr / g == tr / g;
          } else {
            mask[h][t][s] = s <= t && (s + g / 2) / g == (t + g / 2) / g;
          }
        }
      }
    }
    return mask;
  }
}
