package io.megaspark.megalodon.train;

import io.megaspark.megalodon.lora.LoraAdapters;
import io.megaspark.megalodon.lora.LoraConfig;
import io.megaspark.megalodon.lora.LoraTarget;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * The LoRA side path of the adapted projections: {@code (alpha/r)·(drop(x)·Aᵀ)·Bᵀ}, added to the frozen
 * base projection (LoRA paper eq. 3; MODEL.md 3). Dropout masks come from a stateless random op seeded
 * by a per-step seed tensor, so a resumed run draws the same masks.
 */
final class LoraPath<T extends TNumber> {
  private final LoraConfig config;
  private final Map<String, Operand<T>> adapters;
  private final Operand<TInt64> seed;
  private final boolean training;

  /**
   * @param adapters operands by {@link LoraAdapters#aName}/{@link LoraAdapters#bName}
   * @param seed [2] int64 per-step seed of the dropout masks
   * @param training whether dropout applies (evaluation graphs pass false)
   */
  LoraPath(LoraConfig config, Map<String, Operand<T>> adapters, Operand<TInt64> seed, boolean training) {
    this.config = config;
    this.adapters = adapters;
    this.seed = seed;
    this.training = training;
  }

  /** The adapter output for projection {@code key} of {@code layer}, or null when it has no adapter. */
  Operand<T> apply(GraphMath<T> g, int layer, String key, Operand<T> x) {
    LoraTarget target = null;
    for (LoraTarget t : config.targets()) {
      if (t.key().equals(key)) {
        target = t;
      }
    }
    if (target == null) {
      return null;
    }
    Operand<T> in = x;
    if (training && config.dropout() > 0) {
      in = g.mul(x, keepMask(g, x, layer * 8 + target.ordinal()));
    }
    Operand<T> low = g.dense(in, adapters.get(LoraAdapters.aName(layer, target)), null);
    Operand<T> up = g.dense(low, adapters.get(LoraAdapters.bName(layer, target)), null);
    return g.mul(up, g.scalar(config.scale()));
  }

  /** 0 with probability p, else 1/(1−p): inverted dropout. */
  private Operand<T> keepMask(GraphMath<T> g, Operand<T> x, int stream) {
    Ops tf = g.tf;
    Operand<TInt64> s = tf.math.add(seed, tf.constant(new long[] {0, stream}));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.constant(x.shape().asArray()), s, TFloat32.class);
    Operand<TFloat32> keep = tf.math.floor(tf.math.add(u, tf.constant((float) (1 - config.dropout()))));
    return g.mul(tf.dtypes.cast(keep, g.type), g.scalar(1 / (1 - config.dropout())));
  }

  static Shape seedShape() {
    return Shape.of(2);
  }
}
