package io.megaspark.megalodon.memory;

/**
 * Infini-attention's compressive memory for one head, in plain float64 Java (MODEL.md §4): the slow, obviously
 * correct oracle for the TensorFlow model's memory path.
 *
 * <p>Per segment of C tokens with Q, K [C][Dz] and V [C][Dv] (the same projections as local attention, without
 * positional encoding) and {@code sigma = ELU + 1}:
 *
 * <ol>
 *   <li>read, from the memory before the segment: {@code A_mem = sigma(Q) M / (sigma(Q) z)}, row by row;
 *   <li>gate: {@code A = sigmoid(beta) A_mem + (1 - sigmoid(beta)) A_dot}, A_dot being the segment's causal
 *       softmax attention (computed by the caller, with RoPE, or by {@link #causalAttention});
 *   <li>write: linear {@code M += sigma(K)^T V} or delta {@code M += sigma(K)^T (V - sigma(K) M / (sigma(K) z))};
 *       in both {@code z += sum_t sigma(K_t)}.
 * </ol>
 *
 * <p>First-segment convention (docs/deviations.md): while z is all zero nothing is stored and the read is 0/0;
 * Megaspark defines it as exactly 0, so the first segment outputs {@code (1 - sigmoid(beta)) A_dot}, and the delta
 * rule's first write equals the linear one. No epsilon is added anywhere: sigma > 0, so once a token is stored
 * every denominator is positive.
 */
public final class InfiniMemoryReference {
  private InfiniMemoryReference() {}

  /** ELU + 1: {@code x + 1} for x > 0, else {@code e^x}; always positive. */
  public static double sigma(double x) {
    return x > 0 ? x + 1 : Math.exp(x);
  }

  /** The gate {@code sigmoid(beta)}; beta may be infinite (0 or 1). */
  public static double gate(double beta) {
    if (Double.isNaN(beta)) {
      throw new IllegalArgumentException("beta = NaN: the gate logit must be a number (infinities allowed)");
    }
    return 1.0 / (1.0 + Math.exp(-beta));
  }

  /**
   * Step 1, the memory read.
   *
   * @param q [C][Dz] queries (or keys, for the delta rule's read) without positional encoding
   * @return [C][Dv] {@code sigma(q) M / (sigma(q) z)}; all zero when the memory is empty
   */
  public static double[][] retrieve(InfiniMemoryState memory, double[][] q) {
    checkRows("q", q, memory.keyDim());
    int dz = memory.keyDim();
    int dv = memory.valueDim();
    double[][] out = new double[q.length][dv];
    if (memory.isEmpty()) {
      return out;
    }
    for (int t = 0; t < q.length; t++) {
      double denominator = 0;
      for (int i = 0; i < dz; i++) {
        double s = sigma(q[t][i]);
        denominator += s * memory.z(i);
        for (int j = 0; j < dv; j++) {
          out[t][j] += s * memory.m(i, j);
        }
      }
      for (int j = 0; j < dv; j++) {
        out[t][j] /= denominator;
      }
    }
    return out;
  }

  /**
   * Step 3, the memory write.
   *
   * @param k [C][Dz] keys without positional encoding
   * @param v [C][Dv] values
   * @return the memory after the segment
   */
  public static InfiniMemoryState update(InfiniMemoryState memory, double[][] k, double[][] v, UpdateRule rule) {
    checkRows("k", k, memory.keyDim());
    checkRows("v", v, memory.valueDim());
    checkSameLength("k", k, "v", v);
    int dz = memory.keyDim();
    int dv = memory.valueDim();
    // Delta rule: subtract what the memory already returns for these keys (read before any of this write).
    double[][] written = rule == UpdateRule.DELTA ? subtract(v, retrieve(memory, k)) : v;
    double[] m = memory.m();
    double[] z = memory.z();
    for (int t = 0; t < k.length; t++) {
      for (int i = 0; i < dz; i++) {
        double s = sigma(k[t][i]);
        z[i] += s;
        for (int j = 0; j < dv; j++) {
          m[i * dv + j] += s * written[t][j];
        }
      }
    }
    return new InfiniMemoryState(dz, dv, m, z);
  }

  /**
   * Step 2, the gate.
   *
   * @param memoryRead [C][Dv] A_mem
   * @param localAttention [C][Dv] A_dot
   * @return [C][Dv] {@code sigmoid(beta) A_mem + (1 - sigmoid(beta)) A_dot}
   */
  public static double[][] mix(double[][] memoryRead, double[][] localAttention, double beta) {
    checkSameLength("memoryRead", memoryRead, "localAttention", localAttention);
    double g = gate(beta);
    double[][] out = new double[memoryRead.length][];
    for (int t = 0; t < out.length; t++) {
      checkRows("localAttention", new double[][] {localAttention[t]}, memoryRead[t].length);
      out[t] = new double[memoryRead[t].length];
      for (int j = 0; j < out[t].length; j++) {
        out[t][j] = g * memoryRead[t][j] + (1 - g) * localAttention[t][j];
      }
    }
    return out;
  }

  /**
   * One segment, steps 1 to 3.
   *
   * @param q [C][Dz], k [C][Dz], v [C][Dv] the head's projections without positional encoding
   * @param localAttention [C][Dv] A_dot, the segment's own causal softmax attention
   * @param beta the head's gate logit
   */
  public static InfiniMemoryOutput segment(InfiniMemoryState memory, double[][] q, double[][] k, double[][] v,
      double[][] localAttention, double beta, UpdateRule rule) {
    checkSameLength("q", q, "k", k);
    double[][] read = retrieve(memory, q);
    return new InfiniMemoryOutput(mix(read, localAttention, beta), read, update(memory, k, v, rule));
  }

  /**
   * A run of segments of {@code segmentLength} tokens (the last may be shorter), carrying the memory from one to
   * the next: the same as calling {@link #segment} once per segment.
   *
   * @param q [T][Dz], k [T][Dz], v [T][Dv], localAttention [T][Dv] (A_dot computed per segment)
   */
  public static InfiniMemoryOutput sequence(InfiniMemoryState memory, double[][] q, double[][] k, double[][] v,
      double[][] localAttention, double beta, UpdateRule rule, int segmentLength) {
    checkSegmentLength(segmentLength);
    checkSameLength("q", q, "localAttention", localAttention);
    double[][] output = new double[q.length][];
    double[][] read = new double[q.length][];
    InfiniMemoryState current = memory;
    for (int start = 0; start < q.length; start += segmentLength) {
      int end = Math.min(q.length, start + segmentLength);
      InfiniMemoryOutput o = segment(current, slice(q, start, end), slice(k, start, end), slice(v, start, end),
          slice(localAttention, start, end), beta, rule);
      System.arraycopy(o.output(), 0, output, start, end - start);
      System.arraycopy(o.memoryRead(), 0, read, start, end - start);
      current = o.next();
    }
    return new InfiniMemoryOutput(output, read, current);
  }

  /**
   * Plain causal softmax attention within one segment, a reference A_dot: row t attends to rows 0..t with
   * weights {@code softmax(scale * q_t . k_s)}. MEGALODON uses scale 1 (the scale lives in its Q/K affine) and
   * rotates q and k first ({@link io.megaspark.megalodon.rope.RotaryReference}).
   *
   * @return [C][Dv]
   */
  public static double[][] causalAttention(double[][] q, double[][] k, double[][] v, double scale) {
    checkSameLength("q", q, "k", k);
    checkSameLength("k", k, "v", v);
    double[][] out = new double[q.length][];
    for (int t = 0; t < q.length; t++) {
      double[] scores = new double[t + 1];
      double max = Double.NEGATIVE_INFINITY;
      for (int s = 0; s <= t; s++) {
        scores[s] = scale * dot(q[t], k[s]);
        max = Math.max(max, scores[s]);
      }
      double total = 0;
      for (int s = 0; s <= t; s++) {
        scores[s] = Math.exp(scores[s] - max);
        total += scores[s];
      }
      out[t] = new double[v[0].length];
      for (int s = 0; s <= t; s++) {
        for (int j = 0; j < out[t].length; j++) {
          out[t][j] += scores[s] / total * v[s][j];
        }
      }
    }
    return out;
  }

  /** {@link #causalAttention} applied to each segment of {@code segmentLength} tokens separately: [T][Dv]. */
  public static double[][] chunkedCausalAttention(double[][] q, double[][] k, double[][] v, double scale,
      int segmentLength) {
    checkSegmentLength(segmentLength);
    checkSameLength("q", q, "v", v);
    double[][] out = new double[q.length][];
    for (int start = 0; start < q.length; start += segmentLength) {
      int end = Math.min(q.length, start + segmentLength);
      double[][] part = causalAttention(slice(q, start, end), slice(k, start, end), slice(v, start, end), scale);
      System.arraycopy(part, 0, out, start, end - start);
    }
    return out;
  }

  private static double[][] subtract(double[][] a, double[][] b) {
    double[][] out = new double[a.length][];
    for (int t = 0; t < a.length; t++) {
      out[t] = new double[a[t].length];
      for (int j = 0; j < a[t].length; j++) {
        out[t][j] = a[t][j] - b[t][j];
      }
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("q and k rows: widths " + a.length + " and " + b.length + " differ");
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double[][] slice(double[][] x, int start, int end) {
    double[][] out = new double[end - start][];
    System.arraycopy(x, start, out, 0, end - start);
    return out;
  }

  private static void checkRows(String name, double[][] x, int width) {
    for (int t = 0; t < x.length; t++) {
      if (x[t] == null || x[t].length != width) {
        throw new IllegalArgumentException(name + ": expected [C=" + x.length + "][" + width + "], got row " + t
            + " of width " + (x[t] == null ? "null" : x[t].length));
      }
    }
  }

  private static void checkSameLength(String a, double[][] x, String b, double[][] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(a + " has " + x.length + " rows but " + b + " has " + y.length
          + ": both must have one row per token of the segment");
    }
  }

  private static void checkSegmentLength(int segmentLength) {
    if (segmentLength < 1) {
      throw new IllegalArgumentException("segmentLength = " + segmentLength + ": must be >= 1");
    }
  }
}
