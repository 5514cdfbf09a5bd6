package io.megaspark.jobs.run;

import java.util.Objects;

/**
 * Text to generate after a document's final state.
 *
 * @param prompt tokens fed after the document before sampling (may be empty)
 * @param maxNewTokens how many tokens to sample at most (at least 1)
 * @param sampler this document's sampler, seeded per document so results do not depend on partitioning
 * @param stopAtEos stop when the end-of-stream token is sampled
 */
public record GenerationRequest(int[] prompt, int maxNewTokens, TokenSampler sampler, boolean stopAtEos) {
  public GenerationRequest {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(sampler, "sampler");
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens: got " + maxNewTokens + ", must be at least 1");
    }
  }
}
