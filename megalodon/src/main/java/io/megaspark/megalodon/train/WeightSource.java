package io.megaspark.megalodon.train;

import org.tensorflow.Operand;
import org.tensorflow.types.family.TNumber;

/** The model's weights as graph operands, by official name (MODEL.md 1.6). */
interface WeightSource<T extends TNumber> {
  /** The operand of a tensor the config requires. */
  Operand<T> get(String name);

  /** The operand of a tensor the config may leave out (norm affines with norm_affine false), or null. */
  Operand<T> optional(String name);
}
