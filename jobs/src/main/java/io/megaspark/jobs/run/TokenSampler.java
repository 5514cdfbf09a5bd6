package io.megaspark.jobs.run;

/** Picks the next token from the logits at the last position; stateful (its random stream advances). */
public interface TokenSampler {
  /**
   * @param logits [V] logits of the next token
   * @return the chosen token id
   */
  int sample(float[] logits);
}
