package io.megaspark.megalodon.ema;

import static io.megaspark.megalodon.graph.GraphOps.batchMatMul;
import static io.megaspark.megalodon.graph.GraphOps.reshape;
import static io.megaspark.megalodon.graph.GraphOps.sliceAxis;
import static io.megaspark.megalodon.graph.GraphOps.transpose;

import io.megaspark.megalodon.graph.Shapes;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The complex EMA of one layer as a few large tensor ops per block (MODEL.md 1.2, 1.10): the fast path.
 * The oracle is the plain recurrence {@code h_t = p x_t + q h_{t-1}, y_t = Re(Σ_n η h_t) + omega x_t}.
 *
 * <p>The block of T steps is cut into sub-chunks of S steps (S divides T; nsub = T/S). Numbered steps:
 * <ol>
 *   <li>local end state of every sub-chunk from a zero start, {@code h_loc = Σ_i q^{S-1-i} p x_i}: one
 *       batched matmul per channel, x [R, S] · W [S, 2N];</li>
 *   <li>exclusive scan over the nsub sub-chunks, {@code H_{j+1} = q^S H_j + h_loc[j]}, from the carried
 *       state: nsub tiny matmuls on [D, B, 2N] (the only sequential part, nsub steps, not T);</li>
 *   <li>outputs: the intra-sub-chunk causal convolution with the real kernel (a [S, S] Toeplitz per channel,
 *       skip weight on its diagonal) plus {@code Re(Σ_n η q^{i+1} H_j)}, fused into one batched matmul of
 *       [x | H] with [A; U];</li>
 *   <li>each row's end state at its own valid length L: {@code h_end = q^{i+1} H_j + Σ_{k≤i} q^{i-k} p
 *       x[jS+k]} with {@code j = (L-1) div S, i = (L-1) mod S}: a gather of the incoming state and of
 *       q^{i+1}, and a masked window of x times W. No negative powers.</li>
 * </ol>
 * Complex values are [re | im] pairs on the last axis (TF Java has no complex type).
 */
public final class ComplexEma {
  /**
   * The weight operands of one layer for a sub-chunk length S (see {@link EmaCoefficients}).
   *
   * @param fused [D, S+2N, S] float32: {@code convolutionMatrix(S)} stacked over {@code stateOutputMatrix(S)}
   * @param local [D, S, 2N] float32: {@code localStateMatrix(S)}
   * @param step [D, 2N, 2N] float32: {@code powerMatrix(S)}
   * @param stepPowers [D, S, 2N] float32: {@code stepPowers(S)}
   */
  public record Weights(Operand<TFloat32> fused, Operand<TFloat32> local, Operand<TFloat32> step,
      Operand<TFloat32> stepPowers) {}

  /**
   * @param y [B, T, D] float32 outputs (garbage after a row's valid length)
   * @param state [D, B, 2N] float32 state after each row's valid length
   */
  public record Output(Operand<TFloat32> y, Operand<TFloat32> state) {}

  private final int modelDim;
  private final int order;
  private final int subChunk;
  private final Weights weights;

  public ComplexEma(int modelDim, int order, int subChunk, Weights weights) {
    this.modelDim = modelDim;
    this.order = order;
    this.subChunk = subChunk;
    this.weights = weights;
    Shapes.check("cema fused", weights.fused(), modelDim, subChunk + 2 * order, subChunk);
    Shapes.check("cema local", weights.local(), modelDim, subChunk, 2 * order);
    Shapes.check("cema step", weights.step(), modelDim, 2 * order, 2 * order);
    Shapes.check("cema stepPowers", weights.stepPowers(), modelDim, subChunk, 2 * order);
  }

  /** The host values of {@link Weights#fused()}: [D, S+2N, S] (convolution rows, then state rows). */
  public static float[] fusedMatrix(EmaCoefficients c, int s) {
    float[] conv = c.convolutionMatrix(s);
    float[] out = c.stateOutputMatrix(s);
    int d = c.modelDim();
    int rows = s + 2 * c.order();
    float[] fused = new float[d * rows * s];
    for (int i = 0; i < d; i++) {
      System.arraycopy(conv, i * s * s, fused, i * rows * s, s * s);
      System.arraycopy(out, i * 2 * c.order() * s, fused, i * rows * s + s * s, 2 * c.order() * s);
    }
    return fused;
  }

  /** The sub-chunk length for a block of T steps: the largest divisor of T not above {@code target}. */
  public static int subChunkFor(int blockLength, int target) {
    for (int s = Math.min(target, blockLength); s > 1; s--) {
      if (blockLength % s == 0) {
        return s;
      }
    }
    return 1;
  }

  /**
   * @param x [B, T, D] float32; values after a row's valid length only reach that row's padded outputs
   * @param state [D, B, 2N] float32 carried state (re | im)
   * @param validLengths [B] int32, each in [0, T]; a row with 0 keeps its state
   */
  public Output apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> state,
      Operand<TInt32> validLengths) {
    Shapes.check("x", x, "B", "T", modelDim);
    int b = Shapes.dim(x, 0);
    int t = Shapes.dim(x, 1);
    if (t % subChunk != 0) {
      throw new IllegalArgumentException("x: block length " + t + " is not a multiple of the EMA"
          + " sub-chunk " + subChunk);
    }
    Shapes.check("state", state, modelDim, b, 2 * order);
    Shapes.check("validLengths", validLengths, b);
    int nsub = t / subChunk;
    int rows = b * nsub;
    // [B, T, D] -> [D, B*nsub, S]: one transpose so every channel is a batch of the matmuls below.
    Operand<TFloat32> xt = reshape(tf, transpose(tf, x, 2, 0, 1), modelDim, rows, subChunk);
    // Step 1: local end states [D, R, 2N].
    Operand<TFloat32> local = batchMatMul(tf, xt, weights.local(), false, false);
    // Step 2: incoming state of every sub-chunk [D, B, nsub, 2N].
    Operand<TFloat32> incoming = scan(tf, local, state, b, nsub);
    // Step 3: outputs [D, R, S] -> [B, T, D].
    Operand<TFloat32> both = tf.concat(
        List.of(xt, reshape(tf, incoming, modelDim, rows, 2 * order)), tf.constant(2));
    Operand<TFloat32> yt = batchMatMul(tf, both, weights.fused(), false, false);
    Operand<TFloat32> y = transpose(tf, reshape(tf, yt, modelDim, b, t), 1, 2, 0);
    // Step 4: end states.
    Operand<TFloat32> end = endState(tf, x, state, incoming, validLengths, b, t);
    return new Output(y, end);
  }

  private Operand<TFloat32> scan(Ops tf, Operand<TFloat32> local, Operand<TFloat32> state, int b,
      int nsub) {
    Operand<TFloat32> perSub = reshape(tf, local, modelDim, b, nsub, 2 * order);
    List<Operand<TFloat32>> locals = nsub == 1 ? List.of()
        : new ArrayList<>(tf.unstack(perSub, (long) nsub, org.tensorflow.op.core.Unstack.axis(2L)).output());
    List<Operand<TFloat32>> incoming = new ArrayList<>(nsub);
    Operand<TFloat32> h = state;
    for (int j = 0; j < nsub; j++) {
      incoming.add(h);
      if (j + 1 < nsub) {
        h = tf.math.add(batchMatMul(tf, h, weights.step(), false, false), locals.get(j));
      }
    }
    return tf.stack(incoming, org.tensorflow.op.core.Stack.axis(2L));
  }

  private Operand<TFloat32> endState(Ops tf, Operand<TFloat32> x, Operand<TFloat32> state,
      Operand<TFloat32> incoming, Operand<TInt32> validLengths, int b, int t) {
    Operand<TInt32> s = tf.constant(subChunk);
    Operand<TInt32> last = tf.math.maximum(tf.math.sub(validLengths, tf.constant(1)), tf.constant(0));
    Operand<TInt32> j = tf.math.floorDiv(last, s);
    Operand<TInt32> i = tf.math.floorMod(last, s);
    // H_j of each row: gather on the sub-chunk axis, batched over (d, b).
    Operand<TInt32> jAll = tf.broadcastTo(tf.reshape(j, tf.constant(new int[] {1, b})),
        tf.constant(new int[] {modelDim, b}));
    Operand<TFloat32> start = tf.gather(incoming, jAll, tf.constant(2), Gather.batchDims(2L));
    Operand<TFloat32> power = tf.gather(weights.stepPowers(), i, tf.constant(1));
    Operand<TFloat32> advanced = complexMul(tf, power, start);
    // The inputs of the row's last sub-chunk up to L-1, right-aligned in a window of S steps, so the
    // local-state matrix applies as it is: window position m holds x[L-S+m] when that lies in sub-chunk j.
    Operand<TInt32> m = tf.range(tf.constant(0), s, tf.constant(1));
    Operand<TInt32> pos = tf.math.add(tf.expandDims(tf.math.sub(validLengths, s), tf.constant(1)),
        tf.expandDims(m, tf.constant(0)));
    Operand<TInt32> first = tf.expandDims(tf.math.mul(j, s), tf.constant(1));
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(pos, first), TFloat32.class);
    Operand<TInt32> clamped = tf.math.minimum(tf.math.maximum(pos, tf.constant(0)),
        tf.constant(t - 1));
    Operand<TFloat32> window = tf.math.mul(
        tf.gather(x, clamped, tf.constant(1), Gather.batchDims(1L)), tf.expandDims(keep, tf.constant(2)));
    Operand<TFloat32> tail = batchMatMul(tf, transpose(tf, window, 2, 0, 1), weights.local(), false, false);
    Operand<TFloat32> end = tf.math.add(advanced, tail);
    // Rows with no valid step keep their state exactly (0/1 blend).
    Operand<TFloat32> has = tf.reshape(
        tf.dtypes.cast(tf.math.greater(validLengths, tf.constant(0)), TFloat32.class),
        tf.constant(new int[] {1, b, 1}));
    return tf.math.add(tf.math.mul(end, has),
        tf.math.mul(state, tf.math.sub(tf.constant(1f), has)));
  }

  /** (a ⊙ b) for [re | im] pairs on the last axis of two equally shaped [..., 2N] operands. */
  private Operand<TFloat32> complexMul(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    int axis = a.shape().numDimensions() - 1;
    Operand<TFloat32> ar = sliceAxis(tf, a, axis, 0, order);
    Operand<TFloat32> ai = sliceAxis(tf, a, axis, order, 2L * order);
    Operand<TFloat32> br = sliceAxis(tf, b, axis, 0, order);
    Operand<TFloat32> bi = sliceAxis(tf, b, axis, order, 2L * order);
    Operand<TFloat32> re = tf.math.sub(tf.math.mul(ar, br), tf.math.mul(ai, bi));
    Operand<TFloat32> im = tf.math.add(tf.math.mul(ar, bi), tf.math.mul(ai, br));
    return tf.concat(List.of(re, im), tf.constant(axis));
  }
}
