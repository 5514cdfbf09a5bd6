package io.megaspark.megalodon.train;

/**
 * AdamW with decoupled weight decay, applied in Java to float32 parameters.
 *
 * <p>One step, for each scalar p with gradient g (t counts steps from 1):
 * <pre>
 *   p ← p − lr·wd·p                      (only tensors where AdamWConfig.decays(name))
 *   m ← β1·m + (1−β1)·g
 *   v ← β2·v + (1−β2)·g²
 *   p ← p − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)
 * </pre>
 * This is PyTorch's {@code torch.optim.AdamW} formula. Each scalar is computed in float64 and rounded
 * once to float32, so the float32 moments saved in a checkpoint are exactly the ones the next step uses:
 * resuming is bit-for-bit.
 */
public final class AdamW {
  private final AdamWConfig config;
  private final ParameterSet m;
  private final ParameterSet v;
  private long step;

  /** A fresh optimizer (zero moments, step 0) for these parameters. */
  public AdamW(AdamWConfig config, ParameterSet params) {
    this(config, params.zerosLike(), params.zerosLike(), 0);
  }

  /** An optimizer resumed from saved moments after {@code step} completed steps. */
  public AdamW(AdamWConfig config, ParameterSet m, ParameterSet v, long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0: step=" + step);
    }
    this.config = config;
    this.m = m;
    this.v = v;
    this.step = step;
  }

  /**
   * Updates every tensor of {@code params} in place from the gradient of the same name.
   *
   * @param lr the learning rate for this step
   */
  public void step(ParameterSet params, ParameterSet grads, double lr) {
    step++;
    double b1 = config.beta1();
    double b2 = config.beta2();
    double c1 = 1 - Math.pow(b1, step);
    double c2 = 1 - Math.pow(b2, step);
    for (var e : params.entries()) {
      String name = e.getKey();
      float[] p = e.getValue().values();
      float[] g = grads.get(name).values();
      float[] mm = m.get(name).values();
      float[] vv = v.get(name).values();
      checkSameLength(name, p, g, mm, vv);
      double decay = AdamWConfig.decays(name) ? lr * config.weightDecay() : 0.0;
      for (int i = 0; i < p.length; i++) {
        double gi = g[i];
        double mi = b1 * mm[i] + (1 - b1) * gi;
        double vi = b2 * vv[i] + (1 - b2) * gi * gi;
        mm[i] = (float) mi;
        vv[i] = (float) vi;
        double pi = p[i] - decay * p[i];
        pi -= lr * (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + config.eps());
        p[i] = (float) pi;
      }
    }
  }

  private static void checkSameLength(String name, float[] p, float[] g, float[] m, float[] v) {
    if (g.length != p.length || m.length != p.length || v.length != p.length) {
      throw new IllegalArgumentException(
          "tensor '" + name + "': parameter, gradient and moments must have the same size: " + p.length
              + ", " + g.length + ", " + m.length + ", " + v.length);
    }
  }

  public AdamWConfig config() {
    return config;
  }

  /** First moments (live, not a copy). */
  public ParameterSet firstMoments() {
    return m;
  }

  /** Second moments (live, not a copy). */
  public ParameterSet secondMoments() {
    return v;
  }

  /** Number of completed steps. */
  public long stepCount() {
    return step;
  }
}
