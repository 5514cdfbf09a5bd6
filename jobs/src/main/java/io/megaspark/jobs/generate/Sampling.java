package io.megaspark.jobs.generate;

import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.OptionValues;
import java.io.Serializable;

/**
 * How the next token is chosen.
 *
 * @param temperature logits are divided by it; 0 = greedy (the most likely token, lowest id on ties)
 * @param topK keep only the k most likely tokens; 0 = all
 * @param topP keep the smallest set of most likely tokens whose probability reaches p; 1 = all
 * @param seed base seed; each document's generator is seeded from it and the document id, so a
 *     document's text does not depend on partitioning, batching or retries
 */
public record Sampling(double temperature, int topK, double topP, long seed) implements Serializable {
  public Sampling {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature: got " + temperature + ", must be >= 0 (0 = greedy)");
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top-k: got " + topK + ", must be >= 0 (0 = off)");
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top-p: got " + topP + ", must be in (0, 1]");
    }
  }

  /** Greedy decoding. */
  public static Sampling greedy() {
    return new Sampling(0, 0, 1, 0);
  }

  public static Sampling from(OptionValues v) {
    return new Sampling(v.decimal(JobOptions.TEMPERATURE, 0, 100), v.integer(JobOptions.TOP_K, 0, Integer.MAX_VALUE),
        v.decimal(JobOptions.TOP_P, Double.MIN_VALUE, 1), v.longValue(JobOptions.SEED, Long.MIN_VALUE));
  }

  /** A sampler for one document. */
  public Sampler forDocument(String docId) {
    long h = 1125899906842597L;
    for (int i = 0; i < docId.length(); i++) {
      h = 31 * h + docId.charAt(i);
    }
    return new Sampler(this, seed * 0x9E3779B97F4A7C15L ^ h);
  }
}
