package io.megaspark.megalodon.train;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.MegalodonWeights;
import io.megaspark.megalodon.weights.WeightLayout;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversions between {@link MegalodonWeights} and the trainer's {@link ParameterSet}s. */
public final class WeightSets {
  private WeightSets() {}

  /** Every tensor the config requires (MODEL.md 1.6 order), copied; buffers are left out. */
  public static ParameterSet fromWeights(MegalodonWeights w) {
    ParameterSet p = new ParameterSet();
    WeightLayout.required(w.config()).forEach((name, shape) -> p.put(name, new HostTensor(shape, w.get(name))));
    return p;
  }

  /** Weights holding these tensors (every required name must be present). */
  public static MegalodonWeights toWeights(MegalodonConfig c, ParameterSet p) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (String name : WeightLayout.required(c).keySet()) {
      m.put(name, p.get(name).values());
    }
    return MegalodonWeights.of(c, m);
  }
}
