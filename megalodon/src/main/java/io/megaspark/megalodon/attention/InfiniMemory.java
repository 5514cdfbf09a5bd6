package io.megaspark.megalodon.attention;

import static io.megaspark.megalodon.graph.GraphOps.batchMatMul;
import static io.megaspark.megalodon.graph.GraphOps.reshape;
import static io.megaspark.megalodon.graph.GraphOps.transpose;

import io.megaspark.megalodon.graph.Shapes;
import io.megaspark.megalodon.memory.UpdateRule;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.math.Cumsum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * Infini-attention's compressive memory as graph ops (MODEL.md 4), one segment per attention chunk, inside
 * the MEGALODON block: the fast twin of {@code reference.ReferenceInfini} /
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
 *   <li>{@code sigmoid(beta_h) A_mem + (1 - sigmoid(beta_h)) A_dot}, which replaces the chunk attention O.
 * </ol>
 *
 * <p>The carried M and z are float64 (as in StreamState): each chunk's write is a float32 matmul, the sums over
 * chunks and blocks are float64, and reads use the float64 memory rounded to float32.
 */
public final class InfiniMemory {
  /**
   * @param m [B, H, Dz, Dv] float64
   * @param z [B, H, Dz] float64
   */
  public record State(Operand<TFloat64> m, Operand<TFloat64> z) {}

  /**
   * @param mixed [B, T, H·Dv] float32, the gated output that replaces O
   * @param next the memory after the block
   */
  public record Output(Operand<TFloat32> mixed, State next) {}

  private final int heads;
  private final int headDimZ;
  private final int headDimV;
  private final int chunk;
  private final UpdateRule rule;
  private final Operand<TFloat32> beta;

  /** @param beta [H] float32 gate logits ({@code layers.{i}.mega.infini_beta}) */
  public InfiniMemory(int heads, int headDimZ, int headDimV, int chunk, UpdateRule rule,
      Operand<TFloat32> beta) {
    Shapes.check("mega.infini_beta", beta, heads);
    this.heads = heads;
    this.headDimZ = headDimZ;
    this.headDimV = headDimV;
    this.chunk = chunk;
    this.rule = rule;
    this.beta = beta;
  }

  /**
   * @param q [B, T, H, Dz] float32 queries without RoPE
   * @param k [B, T, H, Dz] float32 keys without RoPE
   * @param v [B, T, H, Dv] float32 values
   * @param attention [B, T, H·Dv] float32 A_dot, the chunk-local softmax attention
   * @param valid [B, T] float32, 1 for real tokens and 0 for padding
   */
  public Output apply(Ops tf, Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v,
      Operand<TFloat32> attention, Operand<TFloat32> valid, State in) {
    Shapes.check("q", q, "B", "T", heads, headDimZ);
    int b = Shapes.dim(q, 0);
    int t = Shapes.dim(q, 1);
    int chunks = t / chunk;
    Shapes.check("k", k, b, t, heads, headDimZ);
    Shapes.check("v", v, b, t, heads, headDimV);
    Shapes.check("attention", attention, b, t, (long) heads * headDimV);
    Shapes.check("memory m", in.m(), b, heads, headDimZ, headDimV);
    Shapes.check("memory z", in.z(), b, heads, headDimZ);
    // 1. sigma of Q and K per chunk, [B, H, K, C, W]; padding writes nothing.
    Operand<TFloat32> sq = sigma(tf, perChunk(tf, q, b, chunks, headDimZ));
    Operand<TFloat32> sk = tf.math.mul(sigma(tf, perChunk(tf, k, b, chunks, headDimZ)),
        reshape(tf, valid, b, 1, chunks, chunk, 1));
    Operand<TFloat32> vc = perChunk(tf, v, b, chunks, headDimV);
    // 2-3. The memory before every chunk, [B, H, K, Dz, Dv] and [B, H, K, Dz], and after the block.
    Before before = rule == UpdateRule.LINEAR ? linear(tf, sk, vc, in) : delta(tf, sk, vc, in, chunks);
    // 4. Read with the memory before each chunk.
    Operand<TFloat32> read = read(tf, sq, tf.dtypes.cast(before.m(), TFloat32.class),
        tf.dtypes.cast(before.z(), TFloat32.class));
    // 5. Gate per head, then back to [B, T, H·Dv].
    Operand<TFloat32> local = perChunk(tf, reshape(tf, attention, b, t, heads, headDimV), b, chunks, headDimV);
    Operand<TFloat32> g = reshape(tf, tf.math.sigmoid(beta), 1, heads, 1, 1, 1);
    Operand<TFloat32> mixed = tf.math.add(tf.math.mul(g, read),
        tf.math.mul(tf.math.sub(tf.constant(1f), g), local));
    Operand<TFloat32> back = transpose(tf, mixed, 0, 2, 3, 1, 4); // [B, K, C, H, Dv]
    return new Output(reshape(tf, back, b, t, (long) heads * headDimV), before.next());
  }

  /** Memory before each chunk (stacked on axis 2) and after the block. */
  private record Before(Operand<TFloat64> m, Operand<TFloat64> z, State next) {}

  /** The linear rule: writes are additive, so the memory before chunk k is an exclusive prefix sum. */
  private Before linear(Ops tf, Operand<TFloat32> sk, Operand<TFloat32> vc, State in) {
    Operand<TFloat64> dm = tf.dtypes.cast(batchMatMul(tf, sk, vc, true, false), TFloat64.class);
    Operand<TFloat64> dz = tf.dtypes.cast(tf.sum(sk, tf.constant(3)), TFloat64.class);
    Operand<TFloat64> m = tf.math.add(tf.expandDims(in.m(), tf.constant(2)),
        tf.math.cumsum(dm, tf.constant(2), Cumsum.exclusive(true)));
    Operand<TFloat64> z = tf.math.add(tf.expandDims(in.z(), tf.constant(2)),
        tf.math.cumsum(dz, tf.constant(2), Cumsum.exclusive(true)));
    State next = new State(tf.math.add(in.m(), tf.sum(dm, tf.constant(2))),
        tf.math.add(in.z(), tf.sum(dz, tf.constant(2))));
    return new Before(m, z, next);
  }

  /** The delta rule, chunk after chunk: each write subtracts what the memory already returns for its keys. */
  private Before delta(Ops tf, Operand<TFloat32> sk, Operand<TFloat32> vc, State in, int chunks) {
    List<org.tensorflow.Output<TFloat32>> keys = tf.unstack(sk, (long) chunks, Unstack.axis(2L)).output();
    List<org.tensorflow.Output<TFloat32>> values = tf.unstack(vc, (long) chunks, Unstack.axis(2L)).output();
    List<Operand<TFloat64>> ms = new ArrayList<>();
    List<Operand<TFloat64>> zs = new ArrayList<>();
    Operand<TFloat64> m = in.m();
    Operand<TFloat64> z = in.z();
    for (int c = 0; c < chunks; c++) {
      ms.add(m);
      zs.add(z);
      Operand<TFloat32> kc = keys.get(c); // [B, H, C, Dz]
      Operand<TFloat32> stored = read(tf, kc, tf.dtypes.cast(m, TFloat32.class), tf.dtypes.cast(z, TFloat32.class));
      Operand<TFloat32> dm = batchMatMul(tf, kc, tf.math.sub(values.get(c), stored), true, false);
      m = tf.math.add(m, tf.dtypes.cast(dm, TFloat64.class));
      z = tf.math.add(z, tf.dtypes.cast(tf.sum(kc, tf.constant(2)), TFloat64.class));
    }
    return new Before(tf.stack(ms, org.tensorflow.op.core.Stack.axis(2L)),
        tf.stack(zs, org.tensorflow.op.core.Stack.axis(2L)), new State(m, z));
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

  /** [B, T, H, W] -> [B, H, K, C, W]. */
  private Operand<TFloat32> perChunk(Ops tf, Operand<TFloat32> x, int b, int chunks, int width) {
    return transpose(tf, reshape(tf, x, b, chunks, chunk, heads, width), 0, 3, 1, 2, 4);
  }
}
