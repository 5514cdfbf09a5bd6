package io.megaspark.megalodon.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TNumber;

/**
 * The complex EMA of one layer (MODEL.md 1.2, official-code convention) as a differentiable graph: the
 * coefficients are computed in the graph from the raw parameters (alpha, delta, theta, gamma, omega), so
 * gradients reach them; the recurrence is evaluated chunk-wise with matmuls.
 *
 * <p>Numbered steps, for a block of T steps cut into sub-chunks of S (nsub = T/S, R = B·nsub rows):
 * <ol>
 *   <li>coefficients: p = σ(alpha), |q| = 1 − p·σ(delta), φ_n = n·(2π/N)·σ(theta), η = gamma/√N, and the
 *       powers q^m = exp(m·ln|q|)·(cos mφ, sin mφ) for m = 0..S (never repeated products);
 *   <li>per sub-chunk, the causal convolution with the real kernel K[m] = Re(Σ_n η p q^m) (plus omega on
 *       the diagonal) as an S×S Toeplitz matrix per channel, and the local end state Σ_i q^{S−1−i} p x_i;
 *   <li>a scan over the nsub sub-chunks from the carried state, H_{j+1} = q^S ⊙ H_j + local_j (nsub small
 *       matmuls: the only sequential part);
 *   <li>the contribution of each sub-chunk's incoming state to its outputs, Re(Σ_n η q^{i+1} H_j).
 * </ol>
 * Complex states are [re | im] on the last axis, laid out [D, B, 2N]. The state out is the state after
 * all T steps: exact for full rows; for a row with padding it is advanced over the padded (zero) inputs,
 * which only the end of a document has, where the trainer and evaluator discard it.
 */
final class EmaGraph {
  /** @param y [B, T, D]; @param state [D, B, 2N] after T steps */
  record Output<T extends TNumber>(Operand<T> y, Operand<T> state) {}

  /** Raw CEMA parameters of one layer (shapes of MODEL.md 1.6). */
  record Parameters<T extends TNumber>(Operand<T> alpha, Operand<T> delta, Operand<T> theta,
      Operand<T> gamma, Operand<T> omega) {}

  private EmaGraph() {}

  /**
   * @param x [B, T, D], zero at padded steps
   * @param state [D, B, 2N] carried h
   * @param subChunk S, dividing T
   */
  static <T extends TNumber> Output<T> apply(GraphMath<T> g, Parameters<T> params, Operand<T> x,
      Operand<T> state, int order, int subChunk) {
    long b = x.shape().size(0);
    long t = x.shape().size(1);
    long d = x.shape().size(2);
    int s = subChunk;
    int n = order;
    if (t % s != 0) {
      throw new IllegalArgumentException("block length " + t + " is not a multiple of the EMA sub-chunk " + s);
    }
    long nsub = t / s;
    Coefficients<T> c = coefficients(g, params, d, n, s);
    // [B, T, D] -> [D, B*nsub, S]
    Operand<T> xt = g.reshape(g.transpose(x, 2, 0, 1), d, b * nsub, s);
    Operand<T> local = g.reshape(g.batchMatMul(xt, c.local, false, false), d, b, nsub, 2L * n);
    List<Operand<T>> locals = nsub == 1 ? List.of(g.reshape(local, d, b, 2L * n)) : g.unstack(local, 2);
    List<Operand<T>> incoming = new ArrayList<>();
    Operand<T> h = state;
    for (int j = 0; j < nsub; j++) {
      incoming.add(h);
      h = g.add(g.batchMatMul(h, c.step, false, false), locals.get(j));
    }
    Operand<T> inc = nsub == 1 ? incoming.get(0) : g.stack(2, incoming);
    Operand<T> both = g.concat(2, List.of(xt, g.reshape(inc, d, b * nsub, 2L * n)));
    Operand<T> yt = g.batchMatMul(both, c.fused, false, false);
    Operand<T> y = g.transpose(g.reshape(yt, d, b, t), 1, 2, 0);
    return new Output<>(y, h);
  }

  /** fused [D, S+2N, S] = [Toeplitz; state-to-output], local [D, S, 2N], step [D, 2N, 2N] = q^S. */
  private record Coefficients<T extends TNumber>(Operand<T> fused, Operand<T> local, Operand<T> step) {}

  private static <T extends TNumber> Coefficients<T> coefficients(
      GraphMath<T> g, Parameters<T> prm, long d, int n, int s) {
    // Step 1: p, |q|, phase, eta; powers for m = 0..S as [D, S+1, N].
    Operand<T> p = g.tf.math.sigmoid(g.reshape(prm.alpha(), d, n));
    Operand<T> qAbs = g.sub(g.scalar(1), g.mul(p, g.tf.math.sigmoid(g.reshape(prm.delta(), d, n))));
    double[] harmonics = new double[n];
    for (int k = 0; k < n; k++) {
      harmonics[k] = (k + 1) * 2 * Math.PI / n;
    }
    Operand<T> phase = g.mul(g.tf.math.sigmoid(g.reshape(prm.theta(), d, 1)), g.constant(harmonics, 1, n));
    double[] ms = new double[s + 1];
    for (int m = 0; m <= s; m++) {
      ms[m] = m;
    }
    Operand<T> mcol = g.constant(ms, 1, s + 1, 1);
    Operand<T> mag = g.tf.math.exp(g.mul(g.reshape(g.tf.math.log(qAbs), d, 1, n), mcol));
    Operand<T> ang = g.mul(g.reshape(phase, d, 1, n), mcol);
    Operand<T> powRe = g.mul(mag, g.tf.math.cos(ang));
    Operand<T> powIm = g.mul(mag, g.tf.math.sin(ang));
    Operand<T> gamma = g.reshape(prm.gamma(), d, n, 2);
    Operand<T> etaRe = g.mul(g.reshape(g.slice(gamma, 2, 0, 1), d, 1, n), g.scalar(1 / Math.sqrt(n)));
    Operand<T> etaIm = g.mul(g.reshape(g.slice(gamma, 2, 1, 2), d, 1, n), g.scalar(1 / Math.sqrt(n)));
    Operand<T> p3 = g.reshape(p, d, 1, n);
    // Step 2a: kernel K[d, m] (m < S), omega on m = 0, expanded to the Toeplitz matrix A[d, j, i] = K[i-j].
    Operand<T> head = g.slice(powRe, 1, 0, s);
    Operand<T> headIm = g.slice(powIm, 1, 0, s);
    Operand<T> kernel = g.reshape(g.tf.sum(g.mul(p3, g.sub(g.mul(etaRe, head), g.mul(etaIm, headIm))),
        g.tf.constant(2)), d, s);
    double[] first = new double[s];
    first[0] = 1;
    kernel = g.add(kernel, g.mul(g.reshape(prm.omega(), d, 1), g.constant(first, 1, s)));
    Operand<T> toeplitz = g.mul(g.tf.gather(kernel, g.tf.constant(lagIndex(s)), g.tf.constant(1)),
        g.constant(causalMask(s), 1, s, s));
    // Step 4 (matrix): U[d, n, i] = Re(η q^{i+1}), U[d, N+n, i] = −Im(η q^{i+1}).
    Operand<T> tailRe = g.slice(powRe, 1, 1, s + 1);
    Operand<T> tailIm = g.slice(powIm, 1, 1, s + 1);
    Operand<T> uRe = g.sub(g.mul(etaRe, tailRe), g.mul(etaIm, tailIm));
    Operand<T> uIm = g.tf.math.neg(g.add(g.mul(etaRe, tailIm), g.mul(etaIm, tailRe)));
    Operand<T> u = g.transpose(g.concat(2, List.of(uRe, uIm)), 0, 2, 1);          // [D, 2N, S]
    Operand<T> fused = g.concat(1, List.of(toeplitz, u));
    // Step 2b: local end-state matrix W[d, i] = p q^{S-1-i} as [re | im].
    int[] reversed = new int[s];
    for (int i = 0; i < s; i++) {
      reversed[i] = s - 1 - i;
    }
    Operand<T> revRe = g.tf.gather(head, g.tf.constant(reversed), g.tf.constant(1));
    Operand<T> revIm = g.tf.gather(headIm, g.tf.constant(reversed), g.tf.constant(1));
    Operand<T> local = g.concat(2, List.of(g.mul(p3, revRe), g.mul(p3, revIm)));
    // Step 3 (matrix): multiplication by q^S as a real [2N, 2N] block matrix [[R, I], [-I, R]].
    Operand<T> eye = g.constant(identity(n), 1, n, n);
    Operand<T> lastRe = g.mul(g.reshape(g.slice(powRe, 1, s, s + 1), d, n, 1), eye);
    Operand<T> lastIm = g.mul(g.reshape(g.slice(powIm, 1, s, s + 1), d, n, 1), eye);
    Operand<T> step = g.concat(1, List.of(g.concat(2, List.of(lastRe, lastIm)),
        g.concat(2, List.of(g.tf.math.neg(lastIm), lastRe))));
    return new Coefficients<>(fused, local, step);
  }

  /** lag[j][i] = i − j for i >= j (0 above): where A[d, j, i] reads the kernel. */
  private static int[][] lagIndex(int s) {
    int[][] lag = new int[s][s];
    for (int j = 0; j < s; j++) {
      for (int i = j; i < s; i++) {
        lag[j][i] = i - j;
      }
    }
    return lag;
  }

  /** mask[j][i] = 1 for i >= j: input j reaches output i only forwards in time. */
  private static double[] causalMask(int s) {
    double[] mask = new double[s * s];
    for (int j = 0; j < s; j++) {
      for (int i = j; i < s; i++) {
        mask[j * s + i] = 1;
      }
    }
    return mask;
  }

  private static double[] identity(int n) {
    double[] e = new double[n * n];
    for (int i = 0; i < n; i++) {
      e[i * n + i] = 1;
    }
    return e;
  }
}
