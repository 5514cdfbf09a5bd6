package io.megaspark.megalodon.attention;

import static io.megaspark.megalodon.graph.GraphOps.batchMatMul;
import static io.megaspark.megalodon.graph.GraphOps.reshape;

import io.megaspark.megalodon.graph.Shapes;
import io.megaspark.megalodon.memory.UpdateRule;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.math.Cumsum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * Infini-attention's compressive memory for one head as graph ops (MODEL.md 4), one segment per attention
 * chunk, inside the MEGALODON block: the fast twin of {@code reference.ReferenceInfini} /
 * {@link io.megaspark.megalodon.memory.InfiniMemoryReference}. For a block of K = T/C chunks:
 *
 * <ol>
 *   <li>sigma = ELU + 1 of the queries and keys taken after the affine and before RoPE; padded tokens get
 *       sigma(K) = 0, so they write nothing;
 *   <li>each chunk's write: linear {@code dM_k = sigma(K_k)^T V_k}, or delta
 *       {@code dM_k = sigma(K_k)^T (V_k - read(K_k, M_{k-1}))}; {@code dz_k = sum_t sigma(K_{k,t})};
 *   <li>the memory before chunk k: for the linear rule an exclusive prefix sum (cumsum over K) of the
 *       writes, all chunks at once; for the delta rule, which is not associative, a per-chunk unrolled
 *       recurrence (graph size grows with K);
 *   <li>each chunk's read {@code A_mem = sigma(Q) M / (sigma(Q) z)} with the memory before it, exactly 0
 *       while z is all zero (first-chunk convention, docs/deviations.md 11);
 *   <li>{@code sigmoid(beta) A_mem + (1 - sigmoid(beta)) A_dot}, which replaces the chunk attention O.
 * </ol>
 *
 * <p>[B, T, W] is reshaped to [B, K, C, W] (free, no transpose). The carried M and z are float64 (as in
 * StreamState): each chunk's write is a float32 matmul, the sums over chunks and blocks are float64, and reads
 * use the float64 memory rounded to float32.
 */
public final class InfiniMemory {
  /**
   * @param m [B, Dz, Dv] float64
   * @param z [B, Dz] float64
   */
  public record State(Operand<TFloat64> m, Operand<TFloat64> z) {}

  /**
   * @param mixed [B, T, Dv] float32, the gated output that replaces O
   * @param next the memory after the block
   */
  public record Output(Operand<TFloat32> mixed, State next) {}

  private final int headDimZ;
  private final int headDimV;
  private final int chunk;
  private final UpdateRule rule;
  private final Operand<TFloat32> beta;

  /** @param beta [1] float32, the head's gate logit (from {@code layers.{i}.mega.infini_beta}) */
  public InfiniMemory(int headDimZ, int headDimV, int chunk, UpdateRule rule, Operand<TFloat32> beta) {
    Shapes.check("mega.infini_beta (one head)", beta, 1);
    this.headDimZ = headDimZ;
    this.headDimV = headDimV;
    this.chunk = chunk;
    this.rule = rule;
    this.beta = beta;
  }

  /**
   * @param q [B, T, Dz] float32 queries without RoPE
   * @param k [B, T, Dz] float32 keys without RoPE
   * @param v [B, T, Dv] float32 values
   * @param attention [B, T, Dv] float32 A_dot, the chunk-local softmax attention
   * @param valid [B, T] float32, 1 for real tokens and 0 for padding
   */
  public Output apply(Ops tf, Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v,
      Operand<TFloat32> attention, Operand<TFloat32> valid, State in) {
    Shapes.check("q", q, "B", "T", headDimZ);
    int b = Shapes.dim(q, 0);
    int t = Shapes.dim(q, 1);
    if (t % chunk != 0) {
      throw new IllegalArgumentException("q: T=" + t + " is not a multiple of the chunk " + chunk);
    }
    int chunks = t / chunk;
    Shapes.check("k", k, b, t, headDimZ);
    Shapes.check("v", v, b, t, headDimV);
    Shapes.check("attention", attention, b, t, headDimV);
    Shapes.check("memory m", in.m(), b, headDimZ, headDimV);
    Shapes.check("memory z", in.z(), b, headDimZ);
    // 1. sigma of Q and K per chunk, [B, K, C, W]; padding writes nothing.
    Operand<TFloat32> sq = sigma(tf, reshape(tf, q, b, chunks, chunk, headDimZ));
    Operand<TFloat32> sk = tf.math.mul(sigma(tf, reshape(tf, k, b, chunks, chunk, headDimZ)),
        reshape(tf, valid, b, chunks, chunk, 1));
    Operand<TFloat32> vc = reshape(tf, v, b, chunks, chunk, headDimV);
    // 2-3. The memory before every chunk, [B, K, Dz, Dv] and [B, K, Dz], and after the block.
    Before before = rule == UpdateRule.LINEAR ? linear(tf, sk, vc, in) : delta(tf, sk, vc, in, chunks);
    // 4. Read with the memory before each chunk.
    Operand<TFloat32> read = read(tf, sq, tf.dtypes.cast(before.m(), TFloat32.class),
        tf.dtypes.cast(before.z(), TFloat32.class));
    // 5. The gate.
    Operand<TFloat32> local = reshape(tf, attention, b, chunks, chunk, headDimV);
    Operand<TFloat32> g = tf.math.sigmoid(beta);
    Operand<TFloat32> mixed = tf.math.add(tf.math.mul(g, read),
        tf.math.mul(tf.math.sub(tf.constant(1f), g), local));
    return new Output(reshape(tf, mixed, b, t, headDimV), before.next());
  }

  /** Memory before each chunk (stacked on axis 1) and after the block. */
  private record Before(Operand<TFloat64> m, Operand<TFloat64> z, State next) {}

  /** The linear rule: writes are additive, so the memory before chunk k is an exclusive prefix sum. */
  private Before linear(Ops tf, Operand<TFloat32> sk, Operand<TFloat32> vc, State in) {
    Operand<TFloat64> dm = tf.dtypes.cast(batchMatMul(tf, sk, vc, true, false), TFloat64.class);
    Operand<TFloat64> dz = tf.dtypes.cast(tf.sum(sk, tf.constant(2)), TFloat64.class);
    Operand<TFloat64> m = tf.math.add(tf.expandDims(in.m(), tf.constant(1)),
        tf.math.cumsum(dm, tf.constant(1), Cumsum.exclusive(true)));
    Operand<TFloat64> z = tf.math.add(tf.expandDims(in.z(), tf.constant(1)),
        tf.math.cumsum(dz, tf.constant(1), Cumsum.exclusive(true)));
    State next = new State(tf.math.add(in.m(), tf.sum(dm, tf.constant(1))),
        tf.math.add(in.z(), tf.sum(dz, tf.constant(1))));
    return new Before(m, z, next);
  }

  /** The delta rule, chunk after chunk: each write subtracts what the memory already returns for its keys. */
  private Before delta(Ops tf, Operand<TFloat32> sk, Operand<TFloat32> vc, State in, int chunks) {
    List<org.tensorflow.Output<TFloat32>> keys = tf.unstack(sk, (long) chunks, Unstack.axis(1L)).output();
    List<org.tensorflow.Output<TFloat32>> values = tf.unstack(vc, (long) chunks, Unstack.axis(1L)).output();
    List<Operand<TFloat64>> ms = new ArrayList<>();
    List<Operand<TFloat64>> zs = new ArrayList<>();
    Operand<TFloat64> m = in.m();
    Operand<TFloat64> z = in.z();
    for (int c = 0; c < chunks; c++) {
      ms.add(m);
      zs.add(z);
      Operand<TFloat32> kc = keys.get(c); // [B, C, Dz]
      Operand<TFloat32> stored = read(tf, kc, tf.dtypes.cast(m, TFloat32.class),
          tf.dtypes.cast(z, TFloat32.class));
      Operand<TFloat32> dm = batchMatMul(tf, kc, tf.math.sub(values.get(c), stored), true, false);
      m = tf.math.add(m, tf.dtypes.cast(dm, TFloat64.class));
      z = tf.math.add(z, tf.dtypes.cast(tf.sum(kc, tf.constant(1)), TFloat64.class));
    }
    return new Before(tf.stack(ms, Stack.axis(1L)), tf.stack(zs, Stack.axis(1L)), new State(m, z));
  }

  /**
   * {@code sigma(x) M / (sigma(x) z)} row by row, 0 where the denominator is 0 (z all zero).
   *
   * @param s [..., C, Dz] sigma of queries or keys
   * @param m [..., Dz, Dv]
   * @param z [..., Dz]
   * @return [..., C, Dv]
   */
  private static Operand<TFloat32> read(Ops tf, Operand<TFloat32> s, Operand<TFloat32> m, Operand<TFloat32> z) {
    Operand<TFloat32> num = batchMatMul(tf, s, m, false, false);
    Operand<TFloat32> den = batchMatMul(tf, s, tf.expandDims(z, tf.constant(-1)), false, false);
    return tf.math.divNoNan(num, den);
  }

  /** ELU + 1, written as {@code x + 1} for x > 0 and {@code e^x} otherwise so it stays positive in float32. */
  private static Operand<TFloat32> sigma(Ops tf, Operand<TFloat32> x) {
    return tf.select(tf.math.greater(x, tf.constant(0f)), tf.math.add(x, tf.constant(1f)),
        tf.math.exp(tf.math.minimum(x, tf.constant(0f))));
  }
}
